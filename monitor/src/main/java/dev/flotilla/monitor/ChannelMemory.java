package dev.flotilla.monitor;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.urpc.RingFrame;
import dev.flotilla.urpc.UmpDescriptor;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * The frames a monitor lays the rings of service channels in (Barrelfish's UMP binding allocates its frame from
 * its own memory): a piece of RAM this monitor owns — core 0's monitor carves its own from init's, and sends
 * every other core's monitor one at boot through the capability transfer — retyped into one FRAME per channel
 * the monitor creates; and the frames peers sent for channels they created to a service here.
 *
 * <p>Every frame and the RAM live in the monitor's page CNode ({@link CSpaceLayout#ROOTCN_SLOT_PAGECN}, which
 * the monitor has no page tables for): the RAM in slot 0, frames in slots 1..255. A frame stays while any
 * endpoint may name it: channels are not closed at the interconnect, so frames are never given back, and when
 * the RAM or the slots run out the monitor lays rings in the platform's shared memory instead ({@link #frame}
 * answers empty), as it does where it got no RAM (a machine without memory, the simulator).
 *
 * <p>Invariant: a slot is marked used exactly while it holds a frame this class put there. Core-confined.
 */
final class ChannelMemory
{
    /** RAM each monitor gets for its channels' frames: 1 MiB, some hundred channels of the default ring size. */
    static final long PER_CORE = 1L << 20;

    private static final CapRef CNODE = CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_PAGECN);
    /** Where the monitor keeps its channel RAM. */
    static final CapRef RAM = CapRef.of(CSpaceLayout.ROOTCN_SLOT_PAGECN, 0);

    /** A frame of this monitor's CSpace, and the memory its rings go in. */
    record Frame(CapRef cap, RingFrame rings)
    {
    }

    private final Syscalls sys;
    private final BitSet used = new BitSet(ObjectSizes.L2_CNODE_SLOTS);
    private RamAllocator ram;
    private long framesMade;
    private long framesReceived;

    ChannelMemory(final Syscalls sys)
    {
        this.sys = sys;
        used.set(0);
    }

    /** The RAM capability in {@link #RAM} is this monitor's to make frames from. */
    void adopt()
    {
        ram = new RamAllocator(sys, List.of(RAM));
    }

    /** True once the monitor has RAM to make frames from. */
    boolean hasRam()
    {
        return ram != null;
    }

    /** The bytes of the frame for rings of {@code ringSlots} slots: whole pages. */
    static long frameBytes(final int ringSlots)
    {
        final long bytes = UmpDescriptor.frameBytes(ringSlots);
        return (bytes + ObjectSizes.BASE_PAGE - 1) / ObjectSizes.BASE_PAGE * ObjectSizes.BASE_PAGE;
    }

    /** A new, zeroed frame for rings of {@code ringSlots} slots; empty when there is no RAM or slot left. */
    Optional<Frame> frame(final int ringSlots)
    {
        final int slot = used.nextClearBit(1);
        if (ram == null || slot >= ObjectSizes.L2_CNODE_SLOTS)
        {
            return Optional.empty();
        }
        final CapRef cap = CapRef.of(CSpaceLayout.ROOTCN_SLOT_PAGECN, slot);
        try
        {
            ram.retype(CapType.FRAME, frameBytes(ringSlots), ObjectSizes.BASE_PAGE, cap);
        }
        catch (final CapabilityException full)
        {
            return Optional.empty(); // OUT_OF_MEMORY: this channel's rings go in shared memory
        }
        used.set(slot);
        framesMade++;
        return Optional.of(new Frame(cap, new RingFrame(sys.frameMemory(cap), sys.identify(cap).base())));
    }

    /**
     * Takes the frame {@code fromCore} sent as {@code transfer} (its monitor created a channel in it) into a slot.
     *
     * @throws CapabilityException {@code CAP_NOT_FOUND} if it did not arrive, {@code SLOT_ALLOC_NO_SPACE} if no slot
     *         is left, {@code CHANNEL_FRAME_GONE} if it is no frame; then nothing is kept.
     */
    Frame received(final int fromCore, final long transfer)
    {
        final int slot = used.nextClearBit(1);
        if (slot >= ObjectSizes.L2_CNODE_SLOTS)
        {
            throw new CapabilityException(dev.flotilla.base.ErrorCode.SLOT_ALLOC_NO_SPACE, "the monitor's "
                + (ObjectSizes.L2_CNODE_SLOTS - 1) + " slots for channel frames are all in use");
        }
        sys.takeArrived(fromCore, transfer, CNODE, slot);
        final CapRef cap = CapRef.of(CSpaceLayout.ROOTCN_SLOT_PAGECN, slot);
        try
        {
            final RingFrame rings = new RingFrame(sys.frameMemory(cap), sys.identify(cap).base());
            used.set(slot);
            framesReceived++;
            return new Frame(cap, rings);
        }
        catch (final CapabilityException notAFrame)
        {
            sys.delete(cap);
            throw notAFrame;
        }
    }

    /** Frames this monitor made for channels it created. */
    long framesMade()
    {
        return framesMade;
    }

    /** Frames peers sent for channels they created to services here. */
    long framesReceived()
    {
        return framesReceived;
    }
}
