package dev.flotilla.services.skb;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.lib.skb.SkbInterface;
import dev.flotilla.platform.memory.MemoryRegion;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.skb.MemoryRange;
import dev.flotilla.skb.QueryAnswer;
import dev.flotilla.skb.RouteNode;
import dev.flotilla.skb.SkbException;
import dev.flotilla.skb.Strategy;
import dev.flotilla.skb.SystemKnowledgeBase;
import dev.flotilla.urpc.MessageText;
import dev.flotilla.urpc.Outbox;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The SKB server: a dispatcher that owns the System Knowledge Base of the whole system and answers
 * every client by message ({@link SkbInterface}). It starts with the hardware facts of the machine as
 * the cores see it, the physical memory each NUMA node holds, and the pre-asserted facts file, if any;
 * monitors add the measured round trips.
 *
 * <p>One query at a time, to completion within one dispatch: the knowledge base is single-threaded
 * and every query is bounded by its step budget, so a runaway query is cut off with an error and the
 * server goes on serving.
 */
public final class SkbServer implements Program
{
    /** The boot image's name for this program. */
    public static final String PROGRAM = "skb";

    private final Machine machine;
    private final List<MemoryRegion> memory;
    private final Optional<FactsFile> facts;
    private final List<Outbox> clients = new ArrayList<>();
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
            final Outbox client = new Outbox(channel);
            clients.add(client);
            self.attach(channel, (c, type, payload, length) -> onRequest(client, type, payload, length));
        }, (ok, error) ->
        {
            if (error != null)
            {
                throw new IllegalStateException("the SKB could not export '" + SkbInterface.SERVICE + "': " + error);
            }
        });
    }

    @Override
    public int step(final Dispatcher self, final long nowNs)
    {
        int work = 0;
        for (final Outbox client : clients)
        {
            work += client.flush();
        }
        return work;
    }

    private void onRequest(final Outbox client, final int type, final long[] payload, final int length)
    {
        final long request = payload[0];
        switch (type)
        {
            case SkbInterface.QUERY -> answer(client, request, MessageText.decode(payload, 3, length - 3), (int)payload[1],
                payload[2]);
            case SkbInterface.CONSULT ->
            {
                try
                {
                    skb.consult("consulted", new StringReader(MessageText.decode(payload, 1, length - 1)));
                    client.send(SkbInterface.DONE, request, ErrorCode.OK_WIRE, 0, 1);
                }
                catch (final SkbException ex)
                {
                    sendText(client, request, SkbInterface.ERROR, ex.getMessage());
                    client.send(SkbInterface.DONE, request, ErrorCode.SKB_QUERY_FAILED.wire(), 0, 1);
                }
            }
            case SkbInterface.ROUND_TRIPS -> onRoundTripRow(client, request, (int)payload[1], (int)payload[2], payload);
            case SkbInterface.TREE -> tree(client, request, (int)payload[1], (int)payload[2]);
            default -> throw new IllegalStateException("SKB got unknown request type " + type);
        }
    }

    private void answer(final Outbox client, final long request, final String goal, final int max, final long steps)
    {
        try
        {
            final QueryAnswer answer = skb.query(goal, max, steps);
            sendText(client, request, SkbInterface.SOLUTIONS, String.join("\n", answer.solutionTexts()));
            sendText(client, request, SkbInterface.JSON, answer.toJson());
            client.send(SkbInterface.DONE, request, ErrorCode.OK_WIRE, answer.solutions().size(),
                answer.complete() ? 1 : 0);
        }
        catch (final SkbException ex)
        {
            sendText(client, request, SkbInterface.ERROR, ex.getMessage());
            client.send(SkbInterface.DONE, request, ErrorCode.SKB_QUERY_FAILED.wire(), 0, 1);
        }
    }

    private void onRoundTripRow(final Outbox client, final long request, final int row, final int cores,
        final long[] payload)
    {
        if (roundTrips.length != cores)
        {
            roundTrips = new long[cores][];
        }
        roundTrips[row] = Arrays.copyOfRange(payload, 3, 3 + cores);
        if (row == cores - 1)
        {
            skb.assertRoundTrips(roundTrips);
        }
        client.send(SkbInterface.DONE, request, ErrorCode.OK_WIRE, 0, 1);
    }

    private void tree(final Outbox client, final long request, final int strategy, final int root)
    {
        try
        {
            final long[] tree = toTree(skb.multicastTree(Strategy.values()[strategy], root)).encode();
            final long[] words = new long[2 + tree.length];
            words[0] = request;
            words[1] = ErrorCode.OK_WIRE;
            System.arraycopy(tree, 0, words, 2, tree.length);
            client.send(SkbInterface.TREE_REPLY, words, 0, words.length);
        }
        catch (final SkbException | IndexOutOfBoundsException ex)
        {
            client.send(SkbInterface.TREE_REPLY, request, ErrorCode.SKB_QUERY_FAILED.wire());
        }
    }

    private static MulticastTree toTree(final RouteNode node)
    {
        return new MulticastTree(node.core(), node.children().stream().map(SkbServer::toTree).toList());
    }

    /** Sends {@code text} as TEXT messages of at most 400 characters (at most 1,600 bytes of UTF-8) each. */
    private static void sendText(final Outbox client, final long request, final int kind, final String text)
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
            final String part = text.substring(from, to);
            final long[] words = new long[3 + MessageText.words(part)];
            words[0] = request;
            words[1] = kind;
            words[2] = to < text.length() ? 1 : 0;
            MessageText.encode(part, words, 3);
            client.send(SkbInterface.TEXT, words, 0, words.length);
            from = to;
        }
    }
}
