package dev.flotilla.lib;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.CapabilityCarrier;
import dev.flotilla.kernel.CSpaceLayout;
import java.util.HashMap;
import java.util.Map;

/**
 * How capabilities travel on a channel to a dispatcher of another core: through the two monitors
 * (Barrelfish's indirect capability transfer over UMP). The message itself goes over the direct channel;
 * its capability goes the long way:
 *
 * <pre>
 *   sender's stub     give(cap): the CPU driver keeps a copy in transit, token T (GRANT needed: NO_RIGHTS,
 *                     CAP_NOT_FOUND here, at once, and nothing is sent)
 *   sender -&gt; its monitor      sendCapability(core, T)               (MonitorInterface, LMP)
 *   monitor -&gt; monitor        copy(T, record)                       (intermon CapTransfer, the mesh)
 *   receiver's CPU driver      holds the copy under (sender's core, T)
 *   monitor -&gt; monitor -&gt; sender   answered: the port may now send the message, whose word is T
 *   receiver's decoder         take(T): the copy moves into a free slot of its receive CNode
 * </pre>
 *
 * <p><b>Ordering.</b> The sender's port holds the message (and every later one on the channel, which keeps
 * its order) until the monitors answered, so when the message reaches the receiver its capability is
 * already in the receiver's CPU driver: the handler always runs with the capability in place, and a word
 * that names no arrived capability is certainly bad (the message is rejected, the channel goes on). The
 * price is latency: a message carrying a capability waits for a round trip between the monitors.
 * Barrelfish instead sends the payload at once and has the receiver wait for the capability; that needs a
 * receiver that can hold a decoded message, and a bad word would stall the channel.
 *
 * <p>If the monitors cannot carry the capability (its type stays on its core, the other core refuses the
 * copy, the monitor's channel closed), the message is dropped, reported on the port with that code, and a
 * call it carried fails with it.
 */
final class MonitorCarrier implements CapabilityCarrier
{
    /** Where a given capability is: on its way, at the other core, or refused there. */
    private enum Passage
    {
        UNDER_WAY,
        ARRIVED,
        REFUSED
    }

    private final Dispatcher self;
    private final int peer;
    private final Map<Long, Passage> passages = new HashMap<>();
    private final Map<Long, ErrorCode> refusals = new HashMap<>();

    MonitorCarrier(final Dispatcher self, final int peer)
    {
        this.self = self;
        this.peer = peer;
    }

    @Override
    public long give(final Object capability)
    {
        if (!(capability instanceof CapRef ref))
        {
            throw new IllegalArgumentException("a capability argument is a CapRef, not " + capability.getClass());
        }
        final long transfer = self.syscalls().give(ref);
        passages.put(transfer, Passage.UNDER_WAY);
        self.monitor().sendCapability(peer, transfer, (none, error) ->
        {
            if (passages.containsKey(transfer))
            {
                passages.put(transfer, error == null ? Passage.ARRIVED : Passage.REFUSED);
                if (error != null)
                {
                    refusals.put(transfer, error);
                }
            }
        });
        return transfer;
    }

    @Override
    public boolean arrived(final long word)
    {
        return passages.getOrDefault(word, Passage.ARRIVED) != Passage.UNDER_WAY;
    }

    @Override
    public ErrorCode failure(final long word)
    {
        return refusals.get(word);
    }

    @Override
    public void forget(final long word)
    {
        passages.remove(word);
        refusals.remove(word);
    }

    @Override
    public Object take(final long word)
    {
        final CapRef slot = self.receiveSlot();
        self.syscalls().takeArrived(peer, word, CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_RECEIVECN), slot.l2Slot());
        return slot; // a CapabilityException (CAP_NOT_FOUND, ...) tells the decoder why it could not be taken
    }
}
