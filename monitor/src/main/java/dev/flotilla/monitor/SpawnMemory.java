package dev.flotilla.monitor;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.BootCapability;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import java.util.Optional;

/**
 * The RAM a monitor hands the dispatchers it spawns, as Barrelfish's spawner gives a new domain memory
 * for its first allocations. On core 0 the monitor is init: its CPU driver put the initial RAM
 * capabilities in its CSpace, and each spawned dispatcher gets a piece — a quarter of the largest piece
 * left, at most {@link #MAX_GRANT}, in whole 2 MiB units where it can so that its frames can be large
 * pages. On other cores the monitor holds no RAM until capabilities can cross cores, and its dispatchers
 * start with none.
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
            slots = SlotAllocator.forDispatcher();
        }
        final long bytes = grantFor(ram.largestAvailable());
        if (bytes == 0)
        {
            return Optional.empty();
        }
        final CapRef slot = slots.allocate();
        ram.retype(CapType.RAM, bytes, bytes >= ObjectSizes.LARGE_PAGE ? ObjectSizes.LARGE_PAGE : ObjectSizes.BASE_PAGE,
            slot);
        return Optional.of(slot);
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
