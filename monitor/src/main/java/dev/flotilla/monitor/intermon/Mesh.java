package dev.flotilla.monitor.intermon;

import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;

/**
 * The full mesh: for each monitor j that was ready before i (j != 0), Barrelfish's new_monitor_notify.
 * Core 0 handles BOOTED messages one at a time, so every pair of cores is bound exactly once: by
 * whichever of the two core 0 saw ready first.
 *
 * <pre>
 *   newMonitor(i)                    0 -&gt; j   j creates the j&lt;-&gt;i channel
 *   bindProxy(i, descriptor)         j -&gt; 0
 *   bindRequest(j, descriptor)       0 -&gt; i   i attaches its endpoint
 *   bindReply()                      i -&gt; j   over the new channel: it works both ways
 *   meshReady(created)               k -&gt; 0   once k has a channel to every other core
 * </pre>
 */
@MessageInterface(id = 2, description = "the full mesh of monitor channels")
public interface Mesh
{
    @Message
    void newMonitor(int core);

    @Message
    void bindProxy(int target, long[] descriptor);

    @Message
    void bindRequest(int creator, long[] descriptor);

    @Message
    void bindReply();

    @Message
    void meshReady(int created);
}
