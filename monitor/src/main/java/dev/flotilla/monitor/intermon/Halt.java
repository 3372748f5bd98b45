package dev.flotilla.monitor.intermon;

import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;

/**
 * Halt along a multicast tree (the SKB's NUMA-aware tree, or a flat one): each core forwards HALT with
 * each child's subtree, and acknowledges to its parent once every child has; then it halts. Core 0
 * halts last — the paper's multicast with aggregation.
 *
 * <pre>
 *   halt(subtree)    parent -&gt; child   the child's subtree, in MulticastTree words
 *   haltAck()        child -&gt; parent   the child's whole subtree halts
 * </pre>
 */
@MessageInterface(id = 4, description = "halt along a multicast tree")
public interface Halt
{
    @Message
    void halt(long[] subtree);

    @Message
    void haltAck();
}
