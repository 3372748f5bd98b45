package dev.flotilla.platform;

import java.lang.foreign.MemorySegment;

/**
 * Memory that cores may share: channel frames. Every segment is aligned to a cache line and zeroed.
 *
 * <p>A segment is named across cores by its address, as Barrelfish sends a URPC frame as (physical
 * base, size): the core that receives the address calls {@link #attach(long, long)} and gets a view
 * of the same memory. Attach refuses any range that does not lie inside memory this platform
 * handed out, so an address can never be forged into foreign memory.
 */
public interface SharedMemory
{
    /** Cache-line size assumed by every shared layout. */
    int CACHE_LINE_BYTES = 64;

    /**
     * Allocates {@code bytes} of zeroed memory aligned to {@code alignment}.
     *
     * @throws IllegalArgumentException if bytes is not positive or alignment is not a power of two
     *         of at least {@link #CACHE_LINE_BYTES}.
     */
    MemorySegment allocate(long bytes, long alignment);

    /** Allocates {@code bytes} of zeroed, cache-line-aligned memory. */
    default MemorySegment allocate(final long bytes)
    {
        return allocate(bytes, CACHE_LINE_BYTES);
    }

    /**
     * A view of memory allocated earlier, by its address.
     *
     * @throws IllegalArgumentException if the range is not inside one allocation of this platform.
     */
    MemorySegment attach(long address, long bytes);
}
