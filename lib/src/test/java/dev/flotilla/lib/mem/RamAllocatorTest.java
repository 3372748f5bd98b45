package dev.flotilla.lib.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.lib.vm.PageFault;
import dev.flotilla.lib.vm.TestDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Allocation from a domain's RAM, and taking objects back: reuse, coalescing, and what free refuses. */
class RamAllocatorTest
{
    private static final long PAGE = ObjectSizes.BASE_PAGE;
    private static final long MIB = 1L << 20;
    private static final CapRights RW = CapRights.READ.or(CapRights.WRITE);

    /** A fresh domain for every test (JUnit makes a test instance per test method), closed after it. */
    @AutoClose
    private final TestDomain d = new TestDomain(64 * MIB);

    @Test
    void aFreedFrameIsUnmappedAndItsRangeComesBackZeroed()
    {
        d.run(x ->
        {
            final CapRef a = x.slots.allocate();
            final long base = x.ram.retype(CapType.FRAME, 4 * PAGE, PAGE, a);
            final long va = 0x40_0000_0000L;
            x.vspace.map(a, va, RW);
            x.vspace.writeLong(va + PAGE, 0x5EC2E7L);
            final long before = x.ram.available();

            x.ram.free(a);
            assertEquals(before + 4 * PAGE, x.ram.available());
            assertThrows(PageFault.class, () -> x.vspace.readLong(va + PAGE), "the revoke took the mapping away");
            assertThrows(CapabilityException.class, () -> x.sys().identify(a), "the slot is empty");

            final CapRef b = x.slots.allocate();
            assertEquals(base, x.ram.retype(CapType.FRAME, 4 * PAGE, PAGE, b), "first fit reuses the freed range");
            final long vb = 0x41_0000_0000L;
            x.vspace.map(b, vb, RW);
            assertEquals(0, x.vspace.readLong(vb + PAGE), "a new frame over old memory reads zero");
        });
    }

    @Test
    void freeingEverythingInAnyOrderGivesBackOneWholePiece()
    {
        d.run(x ->
        {
            final long start = x.ram.available();
            final SplittableRandom random = new SplittableRandom(7);
            final List<CapRef> live = new ArrayList<>();
            for (int step = 0; step < 600; step++)
            {
                if (live.isEmpty() || random.nextInt(5) < 3)
                {
                    final long bytes = PAGE << random.nextInt(4);
                    final long alignment = PAGE << random.nextInt(3);
                    final CapRef slot = x.slots.allocate();
                    // the kernel refuses a range that overlaps a live object, so success proves no overlap
                    final long base = x.ram.retype(random.nextBoolean() ? CapType.FRAME : CapType.RAM, bytes, alignment, slot);
                    assertEquals(0, base % alignment, "aligned as asked");
                    live.add(slot);
                }
                else
                {
                    x.ram.free(live.remove(random.nextInt(live.size())));
                }
            }
            while (!live.isEmpty())
            {
                x.ram.free(live.remove(random.nextInt(live.size())));
            }
            assertEquals(start, x.ram.available(), "every byte came back");
            assertEquals(start, x.ram.largestAvailable(), "freed neighbours merged back into the room after the cursor");
        });
    }

    @Test
    void theGapLeftByAnAlignedObjectIsUsedLater()
    {
        d.run(x ->
        {
            final long first = x.ram.retype(CapType.FRAME, PAGE, PAGE, x.slots.allocate());
            final long large = x.ram.retype(CapType.FRAME, 2 * MIB, 2 * MIB, x.slots.allocate());
            final long small = x.ram.retype(CapType.FRAME, PAGE, PAGE, x.slots.allocate());
            assertTrue(small > first && small < large, "the page went into the gap below the 2 MiB frame: 0x"
                + Long.toHexString(small));
        });
    }

    @Test
    void freeRefusesWhatItDidNotHandOutAndChangesNothing()
    {
        d.run(x ->
        {
            final CapRef ram = x.slots.allocate();
            x.ram.retype(CapType.RAM, 4 * PAGE, PAGE, ram);
            final CapRef carved = x.slots.allocate();
            x.sys().retype(ram, 0, CapType.FRAME, 4 * PAGE, 1, RamAllocator.cnodeOf(carved), RamAllocator.slotOf(carved));
            final long before = x.ram.available();

            final IllegalArgumentException child = assertThrows(IllegalArgumentException.class, () -> x.ram.free(carved));
            assertTrue(child.getMessage().contains("not a live allocation"), child.getMessage());
            assertEquals(before, x.ram.available());
            assertEquals(CapType.FRAME, x.sys().identify(carved).type(), "the refused capability is untouched");

            x.ram.free(ram); // revokes the frame carved from it too
            assertThrows(CapabilityException.class, () -> x.sys().identify(carved));
        });
    }

    @Test
    void aFreeOfAnEmptySlotOrTwiceIsAClearError()
    {
        d.run(x ->
        {
            final CapRef slot = x.slots.allocate();
            x.ram.retype(CapType.FRAME, PAGE, PAGE, slot);
            x.ram.free(slot);
            final long after = x.ram.available();
            final CapabilityException twice = assertThrows(CapabilityException.class, () -> x.ram.free(slot));
            assertEquals(ErrorCode.CAP_NOT_FOUND, twice.code());
            assertEquals(after, x.ram.available());

            // a copy of a freed object's capability, made before the free, went with the revoke
            final CapRef again = x.slots.allocate();
            x.ram.retype(CapType.FRAME, PAGE, PAGE, again);
            final CapRef copy = x.slots.allocate();
            x.sys().copy(again, RamAllocator.cnodeOf(copy), RamAllocator.slotOf(copy));
            x.ram.free(again);
            assertThrows(CapabilityException.class, () -> x.sys().identify(copy));
        });
    }
}
