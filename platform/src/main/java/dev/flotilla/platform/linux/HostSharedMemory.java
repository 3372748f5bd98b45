package dev.flotilla.platform.linux;

import dev.flotilla.platform.SharedMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Off-heap shared memory for the native platform, from one shared arena that lives as long as the
 * platform. Allocations are remembered by address so that {@link #attach} can check that an address
 * sent between cores names memory this platform handed out, and returns a bounds-checked slice of
 * it rather than a raw pointer.
 *
 * <p>Thread-safe: any core may allocate or attach (this stands for the memory hardware, not for OS
 * state).
 */
final class HostSharedMemory implements SharedMemory, AutoCloseable
{
    private final Arena arena = Arena.ofShared();
    private final ConcurrentSkipListMap<Long, MemorySegment> byAddress = new ConcurrentSkipListMap<>();

    @Override
    public MemorySegment allocate(final long bytes, final long alignment)
    {
        if (bytes <= 0)
        {
            throw new IllegalArgumentException("shared memory size must be positive, was " + bytes);
        }
        if (alignment < CACHE_LINE_BYTES || Long.bitCount(alignment) != 1)
        {
            throw new IllegalArgumentException(
                "alignment must be a power of two of at least " + CACHE_LINE_BYTES + ", was " + alignment);
        }
        final MemorySegment segment = arena.allocate(bytes, alignment); // zeroed by Arena.allocate
        byAddress.put(segment.address(), segment);
        return segment;
    }

    @Override
    public MemorySegment attach(final long address, final long bytes)
    {
        final Map.Entry<Long, MemorySegment> entry = byAddress.floorEntry(address);
        if (entry == null || bytes <= 0 || address - entry.getKey() + bytes > entry.getValue().byteSize())
        {
            throw new IllegalArgumentException(String.format(
                "no shared memory at 0x%x (+%d bytes): not inside any allocation of this platform", address, bytes));
        }
        return entry.getValue().asSlice(address - entry.getKey(), bytes);
    }

    @Override
    public void close()
    {
        byAddress.clear();
        arena.close();
    }
}
