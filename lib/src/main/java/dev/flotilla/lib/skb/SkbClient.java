package dev.flotilla.lib.skb;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.lib.Completion;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.MessageText;
import dev.flotilla.urpc.Outbox;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client stub of the SKB service: split-phase queries over a bound channel. The owner polls the
 * channel with {@link #onMessage} and flushes with {@link #flush}; each completion runs on the
 * owner's core when its reply is whole. Core-confined.
 */
public final class SkbClient
{
    /** Texts of one query's answer, gathered until DONE. */
    private static final class Gathering
    {
        final Completion<SkbAnswer> done;
        final StringBuilder[] texts = {new StringBuilder(), new StringBuilder(), new StringBuilder()};

        Gathering(final Completion<SkbAnswer> done)
        {
            this.done = done;
        }
    }

    private final Outbox outbox;
    private final Map<Long, Gathering> queries = new HashMap<>();
    private final Map<Long, Completion<Boolean>> updates = new HashMap<>();
    private final Map<Long, Completion<MulticastTree>> trees = new HashMap<>();
    private long nextRequest = 1;

    public SkbClient(final Channel channel)
    {
        this.outbox = new Outbox(channel);
    }

    /** The channel to the SKB. */
    public Channel channel()
    {
        return outbox.channel();
    }

    /** Asks {@code goal}; at most {@code maxSolutions}, cut off after {@code stepBudget} inference steps. */
    public void query(final String goal, final int maxSolutions, final long stepBudget, final Completion<SkbAnswer> done)
    {
        final long request = nextRequest++;
        queries.put(request, new Gathering(done));
        final long[] words = new long[3 + MessageText.words(goal)];
        words[0] = request;
        words[1] = maxSolutions;
        words[2] = stepBudget;
        MessageText.encode(goal, words, 3);
        outbox.send(SkbInterface.QUERY, words, 0, checked(words).length);
    }

    /** Adds Prolog clauses, as a facts file would. */
    public void consult(final String clauses, final Completion<Boolean> done)
    {
        final long request = nextRequest++;
        updates.put(request, done);
        final long[] words = new long[1 + MessageText.words(clauses)];
        words[0] = request;
        MessageText.encode(clauses, words, 1);
        outbox.send(SkbInterface.CONSULT, words, 0, checked(words).length);
    }

    /** Replaces the measured round trips: one message per row; {@code done} runs when the last is in. */
    public void roundTrips(final long[][] nanos, final Completion<Boolean> done)
    {
        for (int row = 0; row < nanos.length; row++)
        {
            final long request = nextRequest++;
            final boolean last = row == nanos.length - 1;
            updates.put(request, last ? done : (ok, error) ->
            {
                if (error != null)
                {
                    done.complete(null, error);
                }
            });
            final long[] words = new long[3 + nanos.length];
            words[0] = request;
            words[1] = row;
            words[2] = nanos.length;
            System.arraycopy(nanos[row], 0, words, 3, nanos.length);
            outbox.send(SkbInterface.ROUND_TRIPS, words, 0, checked(words).length);
        }
    }

    /** Asks for the multicast tree of {@code strategy} (a {@link SkbInterface} strategy) rooted at {@code root}. */
    public void tree(final int strategy, final int root, final Completion<MulticastTree> done)
    {
        final long request = nextRequest++;
        trees.put(request, done);
        outbox.send(SkbInterface.TREE, request, strategy, root);
    }

    private long[] checked(final long[] words)
    {
        if (words.length > outbox.channel().maxMessageWords())
        {
            throw new IllegalArgumentException("SKB request of " + words.length + " words exceeds the channel's "
                + outbox.channel().maxMessageWords());
        }
        return words;
    }

    /** Sends what waits for room; returns the work done. */
    public int flush()
    {
        return outbox.flush();
    }

    /** Handles one message from the SKB (attach this as the channel's handler). */
    public void onMessage(final Channel channel, final int type, final long[] payload, final int length)
    {
        final long request = payload[0];
        switch (type)
        {
            case SkbInterface.TEXT -> queries.get(request).texts[(int)payload[1]].append(
                MessageText.decode(payload, 3, length - 3));
            case SkbInterface.DONE ->
            {
                final Gathering query = queries.remove(request);
                if (query != null)
                {
                    final String solutions = query.texts[SkbInterface.SOLUTIONS].toString();
                    final String error = query.texts[SkbInterface.ERROR].toString();
                    query.done.complete(new SkbAnswer(solutions.isEmpty() ? List.of() : Arrays.asList(solutions.split("\n")),
                        query.texts[SkbInterface.JSON].toString(), payload[3] == 1,
                        error.isEmpty() ? Optional.empty() : Optional.of(error)), status(payload[1]));
                }
                else
                {
                    final ErrorCode error = status(payload[1]);
                    updates.remove(request).complete(error == null ? Boolean.TRUE : null, error);
                }
            }
            case SkbInterface.TREE_REPLY ->
            {
                final ErrorCode error = status(payload[1]);
                trees.remove(request).complete(error == null ? MulticastTree.decode(payload, 2, length - 2) : null, error);
            }
            default -> throw new IllegalStateException("SKB client got unknown message type " + type);
        }
    }

    private static ErrorCode status(final long word)
    {
        return ErrorCode.fromWire(word);
    }

    /** Requests sent and not yet answered. */
    public int outstanding()
    {
        return queries.size() + updates.size() + trees.size();
    }
}
