package dev.flotilla.platform.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.platform.topology.NumaNode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhysicalMemoryTest
{
    private static final long MIB = 1L << 20;

    private static List<NumaNode> nodes(final int count)
    {
        return java.util.stream.IntStream.range(0, count)
            .mapToObj(id -> new NumaNode(id, List.of(id), 0, List.of())).toList();
    }

    @Test
    void oneRegionPerNodeCoversItAllFromTheBase()
    {
        try (PhysicalMemory memory = PhysicalMemory.reserve(64 * MIB + 3 * PhysicalMemory.PAGE, nodes(3)))
        {
            final List<MemoryRegion> regions = memory.regions();
            assertEquals(3, regions.size());
            assertEquals(PhysicalMemory.BASE, regions.getFirst().base());
            long next = PhysicalMemory.BASE;
            for (int i = 0; i < regions.size(); i++)
            {
                assertEquals(i, regions.get(i).node());
                assertEquals(next, regions.get(i).base());
                assertEquals(0, regions.get(i).size() % PhysicalMemory.PAGE);
                next = regions.get(i).end();
            }
            assertEquals(memory.end(), next);
        }
    }

    @Test
    void withoutNumaNodesEverythingIsNodeZero()
    {
        try (PhysicalMemory memory = PhysicalMemory.reserve(MIB, List.of()))
        {
            assertEquals(List.of(new MemoryRegion(0, PhysicalMemory.BASE, MIB)), memory.regions());
        }
    }

    @Test
    void aLargeReservationOnLinuxIsAnMmapThatCommitsNothingUpFront()
    {
        try (PhysicalMemory memory = PhysicalMemory.reserve(1L << 30, nodes(1)))
        {
            if (System.getProperty("os.name").startsWith("Linux"))
            {
                assertEquals("mmap", memory.backing());
            }
            try (Arena arena = Arena.ofConfined())
            {
                final MemorySegment last = memory.window(memory.end() - PhysicalMemory.PAGE, PhysicalMemory.PAGE, arena);
                assertEquals(0, last.get(ValueLayout.JAVA_LONG, 8));
            }
        }
    }

    @Test
    void zeroClearsExactlyTheRangeIncludingLargeDiscardedSpans()
    {
        try (PhysicalMemory memory = PhysicalMemory.reserve(16 * MIB, nodes(1));
             Arena arena = Arena.ofConfined())
        {
            final MemorySegment all = memory.window(memory.base(), memory.size(), arena);
            all.fill((byte)7);
            final long from = memory.base() + 3 * PhysicalMemory.PAGE;
            final long bytes = 9 * MIB + 5 * PhysicalMemory.PAGE;
            memory.zero(from, bytes);
            final long offset = from - memory.base();
            assertEquals(7, all.get(ValueLayout.JAVA_BYTE, offset - 1));
            for (long i = offset; i < offset + bytes; i += 512)
            {
                assertEquals(0, all.get(ValueLayout.JAVA_BYTE, i), "byte at offset " + i);
            }
            assertEquals(0, all.get(ValueLayout.JAVA_BYTE, offset + bytes - 1));
            assertEquals(7, all.get(ValueLayout.JAVA_BYTE, offset + bytes));
        }
    }

    @Test
    void aWindowDiesWithItsArena()
    {
        try (PhysicalMemory memory = PhysicalMemory.reserve(MIB, nodes(1)))
        {
            final Arena arena = Arena.ofConfined();
            final MemorySegment window = memory.window(memory.base() + PhysicalMemory.PAGE, PhysicalMemory.PAGE, arena);
            window.set(ValueLayout.JAVA_LONG, 0, 42);
            assertEquals(PhysicalMemory.PAGE, window.byteSize());
            arena.close();
            assertThrows(IllegalStateException.class, () -> window.get(ValueLayout.JAVA_LONG, 0));
            assertThrows(IndexOutOfBoundsException.class, () ->
            {
                try (Arena other = Arena.ofConfined())
                {
                    memory.window(memory.base(), PhysicalMemory.PAGE, other).get(ValueLayout.JAVA_LONG, PhysicalMemory.PAGE);
                }
            });
        }
    }

    @Test
    void rangesOutsideAreRefused()
    {
        try (PhysicalMemory memory = PhysicalMemory.reserve(MIB, nodes(1));
             Arena arena = Arena.ofConfined())
        {
            assertFalse(memory.contains(0, PhysicalMemory.PAGE));
            assertFalse(memory.contains(memory.end() - PhysicalMemory.PAGE, 2 * PhysicalMemory.PAGE));
            assertTrue(memory.contains(memory.end() - PhysicalMemory.PAGE, PhysicalMemory.PAGE));
            assertThrows(IllegalArgumentException.class, () -> memory.zero(memory.base() - PhysicalMemory.PAGE, 8));
            assertThrows(IllegalArgumentException.class, () -> memory.window(memory.end(), PhysicalMemory.PAGE, arena));
            assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.none().zero(PhysicalMemory.BASE, 8));
        }
    }

    @Test
    void badSizesAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.reserve(0, nodes(1)));
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.reserve(MIB + 1, nodes(1)));
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.reserve(2 * PhysicalMemory.PAGE, nodes(3)));
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.reserve(PhysicalMemory.MAX_BYTES * 2, nodes(1)));
    }
}
