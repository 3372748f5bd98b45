package dev.flotilla.services.memserv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The buddy allocator alone: alignment, splitting, merging, ranges, and its invariants under random use. */
class BuddyAllocatorTest
{
    private static final long K4 = 4096;
    private static final long BASE = 0x1_0000_0000L;

    @Test
    void anUnalignedRangeIsCutIntoTheLargestAlignedBlocks()
    {
        final BuddyAllocator buddy = new BuddyAllocator(BASE + 3 * K4, 13 * K4, 40);
        buddy.checkInvariants();
        assertEquals(13 * K4, buddy.free());
        assertEquals(8 * K4, buddy.largestFree(), "[+4, +12) pages is the one 32 KiB block that fits");
        assertEquals(BASE + 8 * K4, buddy.allocate(8 * K4, 0, Long.MAX_VALUE));
        assertThrows(FlotillaException.class, () -> buddy.allocate(8 * K4, 0, Long.MAX_VALUE));
    }

    @Test
    void blocksAreNaturallyAlignedAndMergeBackIntoOne()
    {
        final BuddyAllocator buddy = new BuddyAllocator(BASE, 1L << 20, 19);
        final long a = buddy.allocate(K4, 0, Long.MAX_VALUE);
        final long b = buddy.allocate(64 * K4, 0, Long.MAX_VALUE);
        final long c = buddy.allocate(K4, 0, Long.MAX_VALUE);
        assertEquals(BASE, a);
        assertEquals(BASE + K4, c, "the 4 KiB buddy of the first");
        assertEquals(0, b % (64 * K4));
        buddy.checkInvariants();
        buddy.free(a);
        buddy.free(b);
        buddy.free(c);
        buddy.checkInvariants();
        assertEquals(1L << 19, buddy.largestFree(), "everything merged back to the largest order");
        assertEquals(1L << 20, buddy.free());
    }

    @Test
    void badRequestsHaveTheirCodesAndChangeNothing()
    {
        final BuddyAllocator buddy = new BuddyAllocator(BASE, 1L << 20, 19);
        assertEquals(ErrorCode.MEMSERV_INVALID_SIZE, code(() -> buddy.allocate(3 * K4, 0, Long.MAX_VALUE)));
        assertEquals(ErrorCode.MEMSERV_INVALID_SIZE, code(() -> buddy.allocate(2048, 0, Long.MAX_VALUE)));
        assertEquals(ErrorCode.OUT_OF_MEMORY, code(() -> buddy.allocate(1L << 20, 0, Long.MAX_VALUE)));
        assertEquals(ErrorCode.MEMSERV_INVALID_RANGE, code(() -> buddy.allocate(K4, 0, BASE)));
        assertEquals(ErrorCode.MEMSERV_INVALID_RANGE, code(() -> buddy.allocate(8 * K4, BASE + K4, BASE + 5 * K4)),
            "a window smaller than the block");
        assertEquals(ErrorCode.OUT_OF_MEMORY, code(() -> buddy.allocate(8 * K4, BASE + K4, BASE + 9 * K4)),
            "room enough, but no aligned 32 KiB block in that window");
        assertEquals(ErrorCode.MEMSERV_NOT_ALLOCATED, code(() -> buddy.free(BASE)));
        assertEquals(1L << 20, buddy.free());
        buddy.checkInvariants();
    }

    @Test
    void aRangedRequestLandsInItsRange()
    {
        final BuddyAllocator buddy = new BuddyAllocator(BASE, 1L << 20, 19);
        final long at = buddy.allocate(2 * K4, BASE + 5 * K4, BASE + 20 * K4);
        assertEquals(BASE + 6 * K4, at, "the lowest aligned 8 KiB at or above the range's start");
        buddy.checkInvariants();
    }

    @Test
    void randomUseKeepsEveryInvariant()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final BuddyAllocator buddy = new BuddyAllocator(BASE + 5 * K4, 3000 * K4, 62);
        final List<Long> out = new ArrayList<>();
        long used = 0;
        for (int step = 0; step < 5_000; step++)
        {
            if (out.isEmpty() || random.nextInt(3) > 0)
            {
                final long bytes = K4 << random.nextInt(9);
                try
                {
                    out.add(buddy.allocate(bytes, 0, Long.MAX_VALUE));
                    used += bytes;
                }
                catch (final FlotillaException full)
                {
                    assertEquals(ErrorCode.OUT_OF_MEMORY, full.code());
                }
            }
            else
            {
                used -= buddy.free(out.remove(random.nextInt(out.size())));
            }
            assertEquals(3000 * K4 - used, buddy.free());
            if (step % 50 == 0)
            {
                buddy.checkInvariants();
            }
        }
        out.forEach(buddy::free);
        buddy.checkInvariants();
        assertTrue(buddy.handedOut() == 0 && buddy.free() == 3000 * K4);
    }

    private static ErrorCode code(final Runnable call)
    {
        try
        {
            call.run();
            return null;
        }
        catch (final FlotillaException e)
        {
            return e.code();
        }
    }
}
