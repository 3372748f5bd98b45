package dev.flotilla.monitor;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.BootCapability;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The RAM a monitor hands the dispatchers it spawns, as Barrelfish's spawner gives a new domain memory
 * for its first allocations. On core 0 the monitor is init: its CPU driver put the initial RAM
 * capabilities in its CSpace, and each spawned dispatcher gets a piece — a quarter of the largest piece
 * left, at most {@link #MAX_GRANT}, in whole 2 MiB units where it can so that its frames can be large
 * pages. On other cores the monitor holds no RAM until capabilities can cross cores, and its dispatchers
 * start with none.
 *
 * <p>With a memory service in the boot plan (memserv), init keeps only a <em>spawn reserve</em> of node 0's RAM
 * for these grants ({@link #reserveFor}) and hands the rest — node 0's beyond the reserve, every other node's
 * whole — to the memory service when it is spawned ({@link #grantMemoryService}); dispatchers on every core then
 * get further RAM from memserv.
 *
 * <p>The piece is retyped from the monitor's RAM, copied into the child's CSpace by the CPU driver, and the
 * monitor's copy deleted: from then on only the child holds it. Core-confined, like its monitor; every
 * call must run in the monitor's upcall.
 */
final class SpawnMemory
{
    /** The most RAM one spawned dispatcher is given: 64 MiB. */
    static final long MAX_GRANT = 64L << 20;

    private final CpuDriver kernel;
    private RamAllocator ram;
    private SlotAllocator slots;

    SpawnMemory(final CpuDriver kernel)
    {
        this.kernel = kernel;
    }

    /**
     * Retypes a grant from the monitor's RAM into a slot of its CSpace, or answers empty when it has none
     * (another core, or memory used up).
     */
    Optional<CapRef> grant()
    {
        if (ram == null)
        {
            ram = new RamAllocator(kernel.syscalls(),
                kernel.bootCapabilities().stream().map(BootCapability::ref).toList());
        }
        final long bytes = grantFor(ram.largestAvailable());
        if (bytes == 0)
        {
            return Optional.empty();
        }
        final CapRef slot = slot();
        ram.retype(CapType.RAM, bytes, bytes >= ObjectSizes.LARGE_PAGE ? ObjectSizes.LARGE_PAGE : ObjectSizes.BASE_PAGE,
            slot);
        return Optional.of(slot);
    }

    /**
     * One page of RAM retyped from the monitor's RAM into a slot of its CSpace (the SKB write capability is
     * one), or empty when it has none. Like {@link #grant()}, only after the memory service got its share.
     */
    Optional<CapRef> page()
    {
        if (ram == null)
        {
            ram = new RamAllocator(kernel.syscalls(),
                kernel.bootCapabilities().stream().map(BootCapability::ref).toList());
        }
        if (ram.largestAvailable() < ObjectSizes.BASE_PAGE)
        {
            return Optional.empty();
        }
        final CapRef slot = slot();
        ram.retype(CapType.RAM, ObjectSizes.BASE_PAGE, ObjectSizes.BASE_PAGE, slot);
        return Optional.of(slot);
    }

    /**
     * {@code bytes} of RAM (whole pages) retyped from the monitor's RAM into a slot of its CSpace, for a monitor's
     * channel frames; empty when the largest piece left is under eight times that, so grants stay what they were.
     * Like {@link #grant()}, only after the memory service got its share.
     */
    Optional<CapRef> channelRam(final long bytes)
    {
        if (ram == null)
        {
            ram = new RamAllocator(kernel.syscalls(),
                kernel.bootCapabilities().stream().map(BootCapability::ref).toList());
        }
        if (ram.largestAvailable() < 8 * bytes)
        {
            return Optional.empty();
        }
        final CapRef slot = slot();
        ram.retype(CapType.RAM, bytes, ObjectSizes.BASE_PAGE, slot);
        return Optional.of(slot);
    }

    /** A free slot of the monitor's CSpace. */
    private CapRef slot()
    {
        if (slots == null)
        {
            slots = SlotAllocator.forDispatcher();
        }
        return slots.allocate();
    }

    /**
     * Splits init's RAM between the spawn reserve and the memory service: RAM capabilities retyped from the
     * initial ones, node 0's beyond the reserve first, then one per other node, each whole — in slots of the
     * monitor's CSpace, in node order. Must come before any {@link #grant()}, so that the reserve is all the
     * grants ever carve. Empty when init holds no RAM (a boot without memory).
     */
    List<CapRef> grantMemoryService()
    {
        if (ram != null)
        {
            throw new IllegalStateException("the memory service must be spawned before any dispatcher is given RAM");
        }
        final List<BootCapability> boot = kernel.bootCapabilities();
        final List<CapRef> service = new ArrayList<>();
        if (boot.isEmpty())
        {
            ram = new RamAllocator(kernel.syscalls(), List.of());
            return service;
        }
        final BootCapability first = boot.getFirst();
        final long reserve = reserveFor(first.capability().size());
        final CapRef reserved = retype(first.ref(), 0, reserve);
        if (first.capability().size() > reserve)
        {
            service.add(retype(first.ref(), reserve, first.capability().size() - reserve));
        }
        for (final BootCapability other : boot.subList(1, boot.size()))
        {
            service.add(retype(other.ref(), 0, other.capability().size()));
        }
        ram = new RamAllocator(kernel.syscalls(), List.of(reserved));
        return service;
    }

    private CapRef retype(final CapRef source, final long offset, final long bytes)
    {
        final CapRef slot = slot();
        kernel.syscalls().retype(source, offset, CapType.RAM, bytes, 1, CapRef.inRoot(slot.l1Index()), slot.l2Slot());
        return slot;
    }

    /**
     * The spawn reserve init keeps of node 0's {@code bytes} when a memory service takes the rest: half, at most
     * 256 MiB — room for the boot services' and the boot task's grants, of 64 MiB at most each — in whole 2 MiB
     * units where there are some.
     */
    static long reserveFor(final long bytes)
    {
        final long half = Math.min(bytes / 2, 256L << 20);
        final long unit = half >= ObjectSizes.LARGE_PAGE ? ObjectSizes.LARGE_PAGE : ObjectSizes.BASE_PAGE;
        return Math.max(ObjectSizes.BASE_PAGE, half / unit * unit);
    }

    /** After the CPU driver copied the grant into the child: the monitor lets go of its own copy. */
    void handedOver(final CapRef grant)
    {
        kernel.syscalls().delete(grant);
        slots.free(grant);
    }

    /** How much one grant is when the largest piece of RAM left is {@code largest} bytes. */
    static long grantFor(final long largest)
    {
        final long bytes = Math.min(MAX_GRANT, largest / 4);
        final long unit = bytes >= ObjectSizes.LARGE_PAGE ? ObjectSizes.LARGE_PAGE : ObjectSizes.BASE_PAGE;
        return bytes / unit * unit;
    }
}
