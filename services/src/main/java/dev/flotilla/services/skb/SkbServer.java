package dev.flotilla.services.skb;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.Dispatcher;
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
import java.util.List;
import java.util.Optional;

/**
 * The SKB server: a dispatcher that owns the System Knowledge Base of the whole system and answers
 * every client by message (the generated {@link SkbInterface} stubs). It starts with the hardware facts of the machine as
 * the cores see it, the physical memory each NUMA node holds, and the pre-asserted facts file, if any;
 * monitors add the measured round trips.
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
        skb = new SystemKnowledgeBase();
        skb.assertMachine(machine);
        for (final MemoryRegion region : memory)
        {
            skb.assertMemoryRange(region.node(), new MemoryRange(region.base(), region.size()));
        }
        facts.ifPresent(file -> skb.consult(file.name(), new StringReader(file.text())));
        skb.assertService(SkbInterface.SERVICE, self.core());
        self.export(SkbInterface.SERVICE, channel ->
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
            final QueryAnswer answer = skb.query(goal, maxSolutions, stepBudget);
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
    public void onConsult(final SkbInterfaceBinding.ConsultRequest request, final String clauses)
    {
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
            request.reply(toTree(skb.multicastTree(Strategy.of(strategy), root)).encode());
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
