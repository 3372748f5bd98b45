package dev.flotilla.skb;

/**
 * A range of physical memory.
 *
 * @param base the first byte's physical address.
 * @param size its length in bytes, at least 1.
 */
public record MemoryRange(long base, long size)
{
    public MemoryRange
    {
        if (base < 0 || size < 1)
        {
            throw new IllegalArgumentException("a memory range needs base >= 0 and size >= 1, not base " + base
                + " size " + size);
        }
    }
}
