package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import dev.flotilla.urpc.RingFrame;
import dev.flotilla.urpc.UmpDescriptor;
import java.util.List;
import java.util.Optional;

/**
 * The frames a monitor lays the rings of service channels in (Barrelfish's UMP binding allocates its frame from
 * its own memory): a piece of RAM this monitor owns — core 0's monitor carves its own from init's, and sends
 * every other core's monitor one at boot through the capability transfer — retyped into one FRAME per channel
 * the monitor creates; and the frames peers sent for channels they created to a service here.
 *
 * <p>The RAM lives in slot 0 of the monitor's page CNode ({@link CSpaceLayout#ROOTCN_SLOT_PAGECN}, which the
 * monitor has no page tables for), the frames in its other slots and, once those are taken, in L2 CNodes the
 * slot allocator retypes from the same RAM into free root slots. A frame stays while any endpoint may name it:
 * channels are not closed at the interconnect, so frames are never given back, and when the RAM runs out the
 * monitor lays rings in the platform's shared memory instead ({@link #frame} answers empty), as it does where it
 * got no RAM (a machine without memory, the simulator).
 *
 * <p>Invariant: a slot the allocator handed out holds the RAM or a frame this class put there. Core-confined.
 */
final class ChannelMemory
{
    /** RAM each monitor gets for its channels' frames: 1 MiB, some hundred channels of the default ring size. */
    static final long PER_CORE = 1L << 20;

    /** Where the monitor keeps its channel RAM. */
    static final CapRef RAM = CapRef.of(CSpaceLayout.ROOTCN_SLOT_PAGECN, 0);

    /** A frame of this monitor's CSpace, and the memory its rings go in. */
    record Frame(CapRef cap, RingFrame rings)
    {
    }

    private final Syscalls sys;
    private final SlotAllocator slots = new SlotAllocator(List.of(CSpaceLayout.ROOTCN_SLOT_PAGECN));
    private RamAllocator ram;
    private long framesMade;
    private long framesReceived;

    ChannelMemory(final Syscalls sys)
    {
        this.sys = sys;
        if (!slots.allocate().equals(RAM))
        {
            throw new IllegalStateException("the channel RAM's slot must be the page CNode's first");
        }
    }

    /** The RAM capability in {@link #RAM} is this monitor's to make frames (and, when slots run out, CNodes) from. */
    void adopt()
    {
        ram = new RamAllocator(sys, List.of(RAM));
        slots.growFrom(ram);
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
        if (ram == null)
        {
            return Optional.empty();
        }
        final CapRef cap;
        try
        {
            cap = slots.allocate();
        }
        catch (final CapabilityException full)
        {
            return Optional.empty(); // no slot, and no RAM to grow by: this channel's rings go in shared memory
        }
        try
        {
            ram.retype(CapType.FRAME, frameBytes(ringSlots), ObjectSizes.BASE_PAGE, cap);
        }
        catch (final CapabilityException full)
        {
            slots.free(cap);
            return Optional.empty(); // OUT_OF_MEMORY: this channel's rings go in shared memory
        }
        framesMade++;
        return Optional.of(new Frame(cap, new RingFrame(sys.frameMemory(cap), sys.identify(cap).base())));
    }

    /**
     * Takes the frame {@code fromCore} sent as {@code transfer} (its monitor created a channel in it) into a slot.
     *
     * @throws CapabilityException {@code CAP_NOT_FOUND} if it did not arrive, {@code SLOT_ALLOC_NO_SPACE} if no slot
     *         is left (and no RAM to grow by), {@code CHANNEL_FRAME_GONE} if it is no frame; then nothing is kept.
     */
    Frame received(final int fromCore, final long transfer)
    {
        final CapRef cap = slots.allocate(); // SLOT_ALLOC_NO_SPACE when full and without RAM to grow by
        try
        {
            sys.takeArrived(fromCore, transfer, CapRef.inRoot(cap.l1Index()), cap.l2Slot());
        }
        catch (final CapabilityException none)
        {
            slots.free(cap);
            throw none;
        }
        try
        {
            final RingFrame rings = new RingFrame(sys.frameMemory(cap), sys.identify(cap).base());
            framesReceived++;
            return new Frame(cap, rings);
        }
        catch (final CapabilityException notAFrame)
        {
            sys.delete(cap);
            slots.free(cap);
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
