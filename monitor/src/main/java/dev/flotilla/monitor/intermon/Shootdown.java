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
 * </pre>
 * A broadcast node of the tree sends no {@code shootdown} to its children: it writes the round once into its
 * broadcast channel as a {@code BroadcastRecords.shootdown} record (joined by {@link Broadcast#join}), which they
 * poll, and each answers {@code dropped} here, on its own channel.
 * Interface ids 170–179 are kept for unmap and shootdown.
 */
@MessageInterface(id = 171, description = "TLB shootdown along a multicast tree")
public interface Shootdown
{
    @Message
    void shootdown(long round, long domain, long address, long[] subtree);

    @Message
    void dropped(long round, ErrorCode status);
}
