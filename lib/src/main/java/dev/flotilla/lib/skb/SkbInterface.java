package dev.flotilla.lib.skb;

import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * The System Knowledge Base's message interface (Barrelfish's {@code skb.if}): what a client asks the
 * SKB service over the channel it bound, and what comes back. Stubs are generated ({@code SkbInterfaceBinding});
 * {@link SkbClient} gathers a query's texts.
 *
 * <pre>
 * Query: the answer's texts may be longer than one message, so they come first, in chunks, tagged with
 * the client's query number; the reply comes last (FIFO on the channel), so every chunk is in by then
 *   query(query, maxSolutions, stepBudget, goal)    client -&gt; skb   rpc: Done(solutions, complete)
 *   solutionsText(query, chunk) ...                 skb -&gt; client   one solution per line
 *   jsonText(query, chunk) ...                      skb -&gt; client   the answer as one JSON object
 *   errorText(query, chunk) ...                     skb -&gt; client   before a failed reply: what was wrong
 * Authority to write: a binding that presented the SKB write capability may change the knowledge base; on any
 * other, consult and roundTrips fail with SKB_WRITE_REFUSED and a query runs read-only (assert, retract and
 * the other built-ins that change something fail it with SKB_WRITE_REFUSED, the knowledge base unchanged)
 *   present(writer)                                 client -&gt; skb   rpc: the capability travels with the call;
 *                                                                   SKB_NOT_WRITE_CAPABILITY if it is not a copy
 *                                                                   of the SKB's with the W right
 * Facts (writers only)
 *   consult(clauses)                                client -&gt; skb   rpc: Prolog text, as a facts file
 *   roundTrips(row, cores, nanos)                   client -&gt; skb   rpc: one row of the measured matrix
 * Multicast tree, answered in words so that monitors can forward subtrees as they are
 *   tree(strategy, root)                            client -&gt; skb   rpc: the tree's words (MulticastTree.encode)
 * </pre>
 */
@MessageInterface(id = 30, description = "the System Knowledge Base service")
public interface SkbInterface
{
    /** The name the SKB exports. */
    String SERVICE = "skb";

    /** How a query ended: how many solutions, and whether they are all of them. */
    record Done(int solutions, boolean complete)
    {
    }

    /** Asks {@code goal}; at most {@code maxSolutions}, cut off after {@code stepBudget} inference steps. */
    @Rpc
    Done query(long query, int maxSolutions, long stepBudget, String goal);

    /** Part of query {@code query}'s solutions, one per line. */
    @Message
    void solutionsText(long query, String chunk);

    /** Part of query {@code query}'s answer as JSON. */
    @Message
    void jsonText(long query, String chunk);

    /** Part of what was wrong with query {@code query}. */
    @Message
    void errorText(long query, String chunk);

    /** Presents {@code writer} as the SKB write capability: if it is one, this binding may write from now on. */
    @Rpc
    void present(CapRef writer);

    /** Adds Prolog clauses, as a facts file would. */
    @Rpc
    void consult(String clauses);

    /** Row {@code row} of the measured round-trip matrix of {@code cores} cores, in nanoseconds. */
    @Rpc
    void roundTrips(int row, int cores, long[] nanos);

    /** The multicast tree of {@code strategy} (broadcast, unicast, multicast or numa) rooted at {@code root}. */
    @Rpc
    long[] tree(String strategy, int root);
}
