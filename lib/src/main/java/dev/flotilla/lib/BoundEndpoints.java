package dev.flotilla.lib;

import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.urpc.Channel;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The END_POINT capabilities of the channels one dispatcher bound, in its endpoint CNode
 * ({@link CSpaceLayout#ROOTCN_SLOT_ENDPOINTCN}). An endpoint arrives with a message from the monitor in a receive
 * slot; {@link #bind} has the CPU driver turn it into the channel end it names, then moves it here so the receive
 * CNode stays free for what arrives next. When the endpoint CNode is full (or the program filled a slot of it
 * itself) an endpoint stays where it arrived.
 *
 * <p>Invariant: a slot is marked used exactly while it holds the endpoint of a channel in {@code bySlot}'s
 * values. Core-confined, like its dispatcher.
 */
public final class BoundEndpoints
{
    private static final int SLOTS = ObjectSizes.L2_CNODE_SLOTS;

    private final Dispatcher self;
    private final BitSet used = new BitSet(SLOTS);
    private final Map<Channel, CapRef> held = new IdentityHashMap<>();

    BoundEndpoints(final Dispatcher self)
    {
        this.self = self;
    }

    /**
     * Binds the END_POINT capability in {@code arrived} and keeps it: the channel end it names.
     *
     * @throws CapabilityException what {@link Syscalls#bindEndpoint} refuses; then nothing moved.
     */
    Channel bind(final CapRef arrived)
    {
        final Syscalls sys = self.syscalls();
        final Channel channel = sys.bindEndpoint(arrived);
        final int slot = used.nextClearBit(0);
        if (slot >= SLOTS)
        {
            held.put(channel, arrived);
            return channel;
        }
        try
        {
            sys.copy(arrived, CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_ENDPOINTCN), slot);
        }
        catch (final CapabilityException taken)
        {
            used.set(slot); // the program put something there itself: not ours to reuse
            held.put(channel, arrived);
            return channel;
        }
        sys.delete(arrived);
        used.set(slot);
        held.put(channel, CSpaceLayout.endpoint(slot));
        return channel;
    }

    /** Where the endpoint of {@code channel} is, if this dispatcher bound it. */
    public Optional<CapRef> of(final Channel channel)
    {
        return Optional.ofNullable(held.get(channel));
    }

    /** How many bound endpoints the dispatcher holds. */
    public int size()
    {
        return held.size();
    }

    /** The dispatcher let {@code channel} go: its endpoint capability is deleted. */
    void release(final Channel channel)
    {
        final CapRef ref = held.remove(channel);
        if (ref == null)
        {
            return;
        }
        try
        {
            self.syscalls().delete(ref);
        }
        catch (final CapabilityException alreadyGone)
        {
            // the program deleted or moved it itself: the slot is free either way
        }
        if (ref.l1Index() == CSpaceLayout.ROOTCN_SLOT_ENDPOINTCN)
        {
            used.clear(ref.l2Slot());
        }
    }
}
