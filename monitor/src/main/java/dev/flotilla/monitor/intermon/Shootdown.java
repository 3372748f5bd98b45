package dev.flotilla.monitor.intermon;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;

/**
 * TLB shootdown among the monitors ({@code dev.flotilla.monitor.shootdown}): a one-phase round along a multicast
 * tree in which every core's monitor has its dispatchers of the domain drop a region, aggregated back up the tree.
 *
 * <pre>
 *   shootdown(round, domain, address, subtree)   parent -&gt; child   drop address in domain here; forward to subtree
 *   dropped(round, status)                       child -&gt; parent   the whole subtree dropped it (null), or the
 *                                                                  first code a core of it answered
 *   join(address, reader)                        writer -&gt; reader  join the writer's broadcast channel (its
 *                                                                  BroadcastAddress) as reader number reader;
 *                                                                  sent once, before the first round on it
 * </pre>
 * A broadcast node of the tree sends no {@code shootdown} to its children: it writes the round once into its
 * broadcast channel, which they poll, and each answers {@code dropped} here, on its own channel.
 * Interface ids 170–179 are kept for unmap and shootdown.
 */
@MessageInterface(id = 171, description = "TLB shootdown along a multicast tree")
public interface Shootdown
{
    @Message
    void shootdown(long round, long domain, long address, long[] subtree);

    @Message
    void dropped(long round, ErrorCode status);

    @Message
    void join(long[] address, int reader);
}
