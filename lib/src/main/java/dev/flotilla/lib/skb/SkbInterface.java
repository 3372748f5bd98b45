package dev.flotilla.lib.skb;

/**
 * The System Knowledge Base's message interface (Barrelfish's {@code skb.if}): what a client sends
 * the SKB service over the channel it bound, and what comes back. Every request carries a request id
 * that the replies echo; status words are {@code ErrorCode} wire numbers, 0 for success.
 *
 * <pre>
 * Query (the answer's texts may span several TEXT messages; DONE comes last)
 *   QUERY(request, maxSolutions, stepBudget, goal)        client -&gt; skb
 *   TEXT(request, kind, more, chunk)                      skb -&gt; client   kind: SOLUTIONS | JSON | ERROR
 *   DONE(request, status, solutions, complete)            skb -&gt; client
 * Facts
 *   CONSULT(request, clauses)                             client -&gt; skb   Prolog text, as a facts file
 *   ROUND_TRIPS(request, row, cores, ns[cores])           client -&gt; skb   one row of the measured matrix
 *   DONE(request, status, 0, 1)                           skb -&gt; client
 * Multicast tree, answered in words so that monitors can forward subtrees as they are
 *   TREE(request, strategy, root)                         client -&gt; skb   strategy: Strategy ordinal
 *   TREE_REPLY(request, status, node words...)            skb -&gt; client   see MulticastTree.encode
 * </pre>
 */
public final class SkbInterface
{
    /** The name the SKB exports. */
    public static final String SERVICE = "skb";

    public static final int QUERY = 201;
    public static final int TEXT = 202;
    public static final int DONE = 203;
    public static final int CONSULT = 204;
    public static final int ROUND_TRIPS = 205;
    public static final int TREE = 206;
    public static final int TREE_REPLY = 207;

    /** TEXT kinds. */
    public static final int SOLUTIONS = 0;
    public static final int JSON = 1;
    public static final int ERROR = 2;

    /** Multicast strategies, in the order of the SKB's {@code Strategy} enum. */
    public static final int BROADCAST = 0;
    public static final int UNICAST = 1;
    public static final int MULTICAST = 2;
    public static final int NUMA = 3;

    /** Bytes of text per TEXT message: fits a message of a 32-slot ring with room to spare. */
    public static final int CHUNK_BYTES = 1024;

    private SkbInterface()
    {
    }
}
