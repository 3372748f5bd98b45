package dev.flotilla.services.skb;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.lib.skb.SkbInterface;
import dev.flotilla.lib.skb.SkbInterfaceBinding;
import dev.flotilla.lib.skb.SkbInterfaceHandler;
import dev.flotilla.platform.memory.MemoryRegion;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.skb.MemoryRange;
import dev.flotilla.skb.QueryAnswer;
import dev.flotilla.skb.RouteNode;
import dev.flotilla.skb.SkbException;
import dev.flotilla.skb.Strategy;
import dev.flotilla.skb.SystemKnowledgeBase;
import java.io.StringReader;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * The SKB server: a dispatcher that owns the System Knowledge Base of the whole system and answers
 * every client by message (the generated {@link SkbInterface} stubs). It starts with the hardware facts of the machine as
 * the cores see it, the physical memory each NUMA node holds, and the pre-asserted facts file, if any;
 * monitors add the measured round trips.
 *
 * <p>Authority to write is a capability, not an identity. The monitor that spawns the SKB hands it a copy of the
 * SKB write capability ({@link CSpaceLayout#skbWrite()}); a client that presents a copy of that same object with
 * the W right ({@code present}) makes its binding a writer. A writer's queries may assert and retract, and only a
 * writer may consult or hand in round trips; every other binding's queries run read-only and its writes fail
 * with {@code SKB_WRITE_REFUSED}, the knowledge base unchanged. Started without the capability (a system with no
 * memory has none to give), the SKB has nothing to check and every binding is a writer.
 *
 * <p>One query at a time, to completion within one dispatch: the knowledge base is single-threaded
 * and every query is bounded by its step budget, so a runaway query is cut off with an error and the
 * server goes on serving.
 */
public final class SkbServer implements Program, SkbInterfaceHandler
{
    /** The boot image's name for this program. */
    public static final String PROGRAM = "skb";

    private final Machine machine;
    private final List<MemoryRegion> memory;
    private final Optional<FactsFile> facts;
    private SystemKnowledgeBase skb;
    private long[][] roundTrips = new long[0][];
    private Dispatcher self;
    /** The SKB write capability as identified at start; null when the SKB was given none (then all may write). */
    private Capability writeCapability;
    /** The bindings whose client presented the write capability; they stay writers while the binding lives. */
    private final Set<SkbInterfaceBinding> writers = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * A facts file's name and text, read by the host before boot (as a boot module).
     *
     * @param name where it came from, for error messages.
     * @param text its Prolog clauses.
     */
    public record FactsFile(String name, String text)
    {
    }

    /**
     * @param machine the machine with one CPU per Flotilla core, numbered by core (see {@link CoreView}).
     * @param memory  the machine's physical memory, one region per NUMA node that has some (none when
     *                the system boots without memory): the facts behind {@code local_memory/3}.
     * @param facts   pre-asserted facts, if any.
     */
    public SkbServer(final Machine machine, final List<MemoryRegion> memory, final Optional<FactsFile> facts)
    {
        this.machine = machine;
        this.memory = List.copyOf(memory);
        this.facts = facts;
    }

    @Override
    public void start(final Dispatcher self)
    {
        this.self = self;
        try
        {
            writeCapability = self.syscalls().identify(CSpaceLayout.skbWrite());
        }
        catch (final CapabilityException none)
        {
            writeCapability = null; // spawned without one: nothing to check
        }
        skb = new SystemKnowledgeBase();
        skb.assertMachine(machine);
        for (final MemoryRegion region : memory)
        {
            skb.assertMemoryRange(region.node(), new MemoryRange(region.base(), region.size()));
        }
        facts.ifPresent(file -> skb.consult(file.name(), new StringReader(file.text())));
        skb.assertService(SkbInterface.SERVICE, self.core());
        self.monitor().export(SkbInterface.SERVICE, channel ->
        {
            final Port client = new Port(channel);
            new SkbInterfaceBinding(client, this);
            self.attach(client);
        }, (ok, error) ->
        {
            if (error != null)
            {
                throw new IllegalStateException("the SKB could not export '" + SkbInterface.SERVICE + "': " + error);
            }
        });
    }

    @Override
    public void onQuery(final SkbInterfaceBinding.QueryRequest request, final long query, final int maxSolutions,
        final long stepBudget, final String goal)
    {
        final SkbInterfaceBinding client = request.binding();
        try
        {
            final QueryAnswer answer = mayWrite(client) ? skb.query(goal, maxSolutions, stepBudget)
                : skb.queryReadOnly(goal, maxSolutions, stepBudget);
            sendText(String.join("\n", answer.solutionTexts()), chunk -> client.solutionsText(query, chunk));
            sendText(answer.toJson(), chunk -> client.jsonText(query, chunk));
            request.reply(answer.solutions().size(), answer.complete());
        }
        catch (final SkbException ex)
        {
            sendText(ex.getMessage(), chunk -> client.errorText(query, chunk));
            request.fail(ex.code());
        }
    }

    @Override
    public void onPresent(final SkbInterfaceBinding.PresentRequest request, final CapRef writer)
    {
        final boolean accepted;
        try
        {
            final Capability presented = self.syscalls().identify(writer);
            accepted = writeCapability == null || isWriteCapability(presented);
        }
        finally
        {
            self.syscalls().delete(writer); // the receive slot is free again; the binding's state is what counts
        }
        if (!accepted)
        {
            request.fail(ErrorCode.SKB_NOT_WRITE_CAPABILITY);
            return;
        }
        writers.add(request.binding());
        request.reply();
    }

    /** A copy of the SKB's write capability (the same object: type, base, size) that still has the W right. */
    private boolean isWriteCapability(final Capability presented)
    {
        return presented.type() == writeCapability.type() && presented.base() == writeCapability.base()
            && presented.size() == writeCapability.size() && presented.rights().has(CapRights.WRITE);
    }

    private boolean mayWrite(final SkbInterfaceBinding client)
    {
        return writeCapability == null || writers.contains(client);
    }

    @Override
    public void onConsult(final SkbInterfaceBinding.ConsultRequest request, final String clauses)
    {
        if (!mayWrite(request.binding()))
        {
            request.fail(ErrorCode.SKB_WRITE_REFUSED);
            return;
        }
        try
        {
            skb.consult("consulted", new StringReader(clauses));
            request.reply();
        }
        catch (final SkbException ex)
        {
            request.fail(ex.code());
        }
    }

    @Override
    public void onRoundTrips(final SkbInterfaceBinding.RoundTripsRequest request, final int row, final int cores,
        final long[] nanos)
    {
        if (!mayWrite(request.binding()))
        {
            request.fail(ErrorCode.SKB_WRITE_REFUSED);
            return;
        }
        if (cores <= 0 || row < 0 || row >= cores || nanos.length != cores)
        {
            request.fail(ErrorCode.SKB_INVALID_FACT);
            return;
        }
        if (roundTrips.length != cores)
        {
            roundTrips = new long[cores][];
        }
        roundTrips[row] = nanos;
        if (row == cores - 1)
        {
            try
            {
                skb.assertRoundTrips(roundTrips);
            }
            catch (final SkbException ex)
            {
                request.fail(ex.code());
                return;
            }
        }
        request.reply();
    }

    @Override
    public void onTree(final SkbInterfaceBinding.TreeRequest request, final String strategy, final int root)
    {
        try
        {
            final Strategy chosen = Strategy.of(strategy);
            final MulticastTree tree = toTree(skb.multicastTree(chosen, root));
            // the broadcast tree has unicast's shape; what differs is that its root writes one shared message
            request.reply((chosen == Strategy.BROADCAST ? tree.asBroadcast() : tree).encode());
        }
        catch (final SkbException ex)
        {
            request.fail(ex.code());
        }
        catch (final IllegalArgumentException | IndexOutOfBoundsException ex)
        {
            request.fail(ErrorCode.SKB_QUERY_FAILED);
        }
    }

    private static MulticastTree toTree(final RouteNode node)
    {
        return new MulticastTree(node.core(), node.children().stream().map(SkbServer::toTree).toList());
    }

    /** Sends {@code text} in chunks of at most 400 characters (at most 1,600 bytes of UTF-8) each. */
    private static void sendText(final String text, final java.util.function.Consumer<String> send)
    {
        final int chunk = 400;
        int from = 0;
        while (from < text.length())
        {
            int to = Math.min(text.length(), from + chunk);
            if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1)))
            {
                to--; // never split a surrogate pair between two messages
            }
            send.accept(text.substring(from, to));
            from = to;
        }
    }
}
