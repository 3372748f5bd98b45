package dev.flotilla.runtime;

import dev.flotilla.kernel.BootCapability;
import dev.flotilla.platform.memory.MemoryRegion;
import dev.flotilla.platform.memory.PhysicalMemory;
import java.util.List;

/**
 * What the boot report shows of memory: the physical memory the platform reserved, and the initial RAM
 * capabilities core 0's CPU driver created over it.
 *
 * @param bytes    physical memory, in bytes.
 * @param base     its first physical address.
 * @param backing  how the host backs it: {@code mmap} (pages committed on first touch) or {@code arena}.
 * @param regions  one per NUMA node.
 * @param ram      the initial RAM capabilities, where they lie in init's CSpace.
 */
public record MemoryReport(long bytes, long base, String backing, List<MemoryRegion> regions, List<BootCapability> ram)
{
    public MemoryReport
    {
        regions = List.copyOf(regions);
        ram = List.copyOf(ram);
    }

    /** The report of {@code memory} and of the capabilities core 0 made from it. */
    static MemoryReport of(final PhysicalMemory memory, final List<BootCapability> ram)
    {
        return new MemoryReport(memory.size(), memory.base(), memory.backing(), memory.regions(), ram);
    }
}
