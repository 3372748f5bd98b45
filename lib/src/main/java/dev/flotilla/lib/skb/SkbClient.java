package dev.flotilla.lib.skb;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.urpc.Channel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client of the SKB service: the generated {@link SkbInterface} stubs, plus the gathering of a
 * query's texts, which arrive in chunks before the query's reply. The owner polls {@link #port()}
 * (or calls {@link #poll}); each completion runs on the owner's core when its reply is whole.
 * Core-confined.
 */
public final class SkbClient implements SkbInterfaceHandler
{
    /** Texts of one query's answer, gathered until its reply. */
    private static final class Gathering
    {
        final StringBuilder solutions = new StringBuilder();
        final StringBuilder json = new StringBuilder();
        final StringBuilder error = new StringBuilder();
    }

    private final Port port;
    private final SkbInterfaceBinding skb;
    private final Map<Long, Gathering> queries = new HashMap<>();
    private long nextQuery = 1;

    public SkbClient(final Channel channel)
    {
        this(new Port(channel));
    }

    public SkbClient(final Port port)
    {
        this.port = port;
        this.skb = new SkbInterfaceBinding(port, this);
    }

    /** The port to the SKB. */
    public Port port()
    {
        return port;
    }

    /** The channel to the SKB. */
    public Channel channel()
    {
        return port.channel();
    }

    /** Asks {@code goal}; at most {@code maxSolutions}, cut off after {@code stepBudget} inference steps. */
    public void query(final String goal, final int maxSolutions, final long stepBudget, final Completion<SkbAnswer> done)
    {
        final long query = nextQuery++;
        queries.put(query, new Gathering());
        skb.query(query, maxSolutions, stepBudget, goal, (result, error) ->
        {
            final Gathering texts = queries.remove(query);
            final String solutions = texts.solutions.toString();
            final String why = texts.error.toString();
            done.complete(new SkbAnswer(solutions.isEmpty() ? List.of() : Arrays.asList(solutions.split("\n")),
                texts.json.toString(), result == null || result.complete(),
                why.isEmpty() ? Optional.ofNullable(error).map(ErrorCode::message) : Optional.of(why)), error);
        });
    }

    /**
     * Presents {@code writer} (a slot of the caller's CSpace; it needs the GRANT right to travel) as the SKB write
     * capability; once {@code done} has no error, this binding may assert, retract and consult.
     */
    public void present(final dev.flotilla.caps.cspace.CapRef writer, final Completion<Boolean> done)
    {
        skb.present(writer, (ok, error) -> done.complete(error == null ? Boolean.TRUE : null, error));
    }

    /** Adds Prolog clauses, as a facts file would. */
    public void consult(final String clauses, final Completion<Boolean> done)
    {
        skb.consult(clauses, (ok, error) -> done.complete(error == null ? Boolean.TRUE : null, error));
    }

    /** Replaces the measured round trips: one call per row; {@code done} runs when the last is in, or on the first error. */
    public void roundTrips(final long[][] nanos, final Completion<Boolean> done)
    {
        final boolean[] failed = new boolean[1];
        for (int row = 0; row < nanos.length; row++)
        {
            final boolean last = row == nanos.length - 1;
            skb.roundTrips(row, nanos.length, nanos[row], (ok, error) ->
            {
                if (failed[0])
                {
                    return;
                }
                if (error != null)
                {
                    failed[0] = true;
                    done.complete(null, error);
                }
                else if (last)
                {
                    done.complete(Boolean.TRUE, null);
                }
            });
        }
    }

    /** Asks for the multicast tree of {@code strategy} (broadcast, unicast, multicast or numa) rooted at {@code root}. */
    public void tree(final String strategy, final int root, final Completion<MulticastTree> done)
    {
        skb.tree(strategy, root, (words, error) ->
        {
            if (error != null)
            {
                done.complete(null, error);
                return;
            }
            final MulticastTree tree;
            try
            {
                tree = MulticastTree.decode(words, 0, words.length);
            }
            catch (final IllegalArgumentException malformed)
            {
                done.complete(null, ErrorCode.RX_INVALID_ARGUMENT);
                return;
            }
            done.complete(tree, null);
        });
    }

    /** Sends what waits and handles what arrived; returns the work done. */
    public int poll(final int limit)
    {
        return port.poll(limit);
    }

    /** Calls sent and not yet answered. */
    public int outstanding()
    {
        return skb.outstanding();
    }

    @Override
    public void onSolutionsText(final SkbInterfaceBinding from, final long query, final String chunk)
    {
        texts(from, query).solutions.append(chunk);
    }

    @Override
    public void onJsonText(final SkbInterfaceBinding from, final long query, final String chunk)
    {
        texts(from, query).json.append(chunk);
    }

    @Override
    public void onErrorText(final SkbInterfaceBinding from, final long query, final String chunk)
    {
        texts(from, query).error.append(chunk);
    }

    /** The texts of {@code query}; text for a query this client is not asking is reported and dropped. */
    private Gathering texts(final SkbInterfaceBinding from, final long query)
    {
        final Gathering texts = queries.get(query);
        if (texts == null)
        {
            from.unexpected("text for query " + query + ", which this client is not asking");
            return new Gathering();
        }
        return texts;
    }
}
