package dev.flotilla.platform.memory;

/**
 * One NUMA node's share of physical memory: {@code [base, base + size)} in physical addresses.
 *
 * @param node the NUMA node whose memory this is.
 * @param base first physical address, a multiple of {@link PhysicalMemory#PAGE}.
 * @param size bytes, a positive multiple of {@link PhysicalMemory#PAGE}.
 */
public record MemoryRegion(int node, long base, long size)
{
    /** @throws IllegalArgumentException if the range is empty or not made of whole pages. */
    public MemoryRegion
    {
        if (base <= 0 || size <= 0 || base % PhysicalMemory.PAGE != 0 || size % PhysicalMemory.PAGE != 0
            || base > Long.MAX_VALUE - size)
        {
            throw new IllegalArgumentException("a memory region is whole pages at a positive address: base 0x"
                + Long.toHexString(base) + " size " + size);
        }
    }

    /** One past the last physical address. */
    public long end()
    {
        return base + size;
    }

    @Override
    public String toString()
    {
        return "node " + node + " [0x" + Long.toHexString(base) + ", 0x" + Long.toHexString(end()) + ")";
    }
}
