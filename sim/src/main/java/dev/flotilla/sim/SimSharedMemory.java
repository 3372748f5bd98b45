package dev.flotilla.sim;

import dev.flotilla.platform.SharedMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shared memory on the simulator: plain off-heap segments, since every simulated core runs on the one
 * host thread. The simulator's own channels keep their rings on the heap; this serves OS code that
 * asks the platform for memory directly, with the same attach-by-address rule as the native platform:
 * only a range inside a segment handed out here can be attached.
 */
final class SimSharedMemory implements SharedMemory
{
    private final Arena arena = Arena.ofShared();
    private final TreeMap<Long, MemorySegment> segments = new TreeMap<>();

    @Override
    public MemorySegment allocate(final long bytes, final long alignment)
    {
        if (bytes <= 0)
        {
            throw new IllegalArgumentException("bytes must be positive, was " + bytes);
        }
        if (alignment < CACHE_LINE_BYTES || Long.bitCount(alignment) != 1)
        {
            throw new IllegalArgumentException("alignment must be a power of two of at least " + CACHE_LINE_BYTES
                + ", was " + alignment);
        }
        final MemorySegment segment = arena.allocate(bytes, alignment);
        segments.put(segment.address(), segment);
        return segment;
    }

    @Override
    public MemorySegment attach(final long address, final long bytes)
    {
        final Map.Entry<Long, MemorySegment> entry = segments.floorEntry(address);
        if (entry == null || bytes < 0 || address - entry.getKey() + bytes > entry.getValue().byteSize())
        {
            throw new IllegalArgumentException("no shared memory of " + bytes + " bytes at address " + address);
        }
        return entry.getValue().asSlice(address - entry.getKey(), bytes);
    }

    /** Frees every segment. */
    void close()
    {
        arena.close();
    }
}
