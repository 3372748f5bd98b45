package dev.flotilla.lib.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.CSpaceLayout;
import java.util.function.Consumer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Mapping frames into a domain's own page tables, and accesses through them after map, unmap, delete and revoke. */
class VSpaceTest
{
    private static final long PAGE = ObjectSizes.BASE_PAGE;
    private static final long MIB = 1L << 20;
    private static final long VA = 0x40_0000_0000L;
    private static final CapRights RW = CapRights.READ.or(CapRights.WRITE);

    /** A fresh domain for every test (JUnit makes a test instance per test method), closed after it. */
    @AutoClose
    private final TestDomain d = new TestDomain(64 * MIB);

    private PageFault fault(final ErrorCode code, final Consumer<VSpace> access)
    {
        final PageFault fault = assertThrows(PageFault.class, () -> d.run(x -> access.accept(x.vspace)));
        assertEquals(code, fault.code());
        return fault;
    }

    @Test
    void writesAndReadsGoThroughTheMappingAndFreshMemoryReadsZero()
    {
        d.run(x ->
        {
            final CapRef f = x.frame(16 * PAGE, PAGE);
            x.vspace.map(f, VA, RW);
            assertEquals(0, x.vspace.readLong(VA + 8 * PAGE));
            x.vspace.writeLong(VA, 0x0123_4567_89AB_CDEFL);
            x.vspace.writeByte(VA + 16 * PAGE - 1, (byte)0x7F);
            assertEquals(0x0123_4567_89AB_CDEFL, x.vspace.readLong(VA));
            assertEquals((byte)0xEF, x.vspace.readByte(VA));
            assertEquals((byte)0x7F, x.vspace.readByte(VA + 16 * PAGE - 1));

            final byte[] across = new byte[3 * (int)PAGE];
            for (int i = 0; i < across.length; i++)
            {
                across[i] = (byte)(i * 31);
            }
            x.vspace.write(VA + PAGE / 2, across, 0, across.length);
            final byte[] back = new byte[across.length];
            x.vspace.read(VA + PAGE / 2, back, 0, back.length);
            assertArrayEquals(across, back);
            assertTrue(x.vspace.isMapped(VA + 15 * PAGE));
            assertFalse(x.vspace.isMapped(VA + 16 * PAGE));
        });
    }

    @Test
    void aWriteWithoutTheWriteRightFailsAndChangesNothing()
    {
        d.run(x ->
        {
            final CapRef f = x.frame(PAGE, PAGE);
            x.vspace.map(f, VA, RW);
            x.vspace.writeLong(VA + 8, 99);
            x.vspace.map(f, VA + MIB, CapRights.READ);
        });
        final PageFault fault = fault(ErrorCode.VSPACE_WRITE_PROTECTED, v -> v.writeLong(VA + MIB + 8, 5));
        assertEquals(VA + MIB + 8, fault.address());
        assertTrue(fault.getMessage().contains("0x4000100008 without the write right"), fault.getMessage());
        fault(ErrorCode.VSPACE_WRITE_PROTECTED, v -> v.write(VA + MIB, new byte[16], 0, 16));
        d.run(x -> assertEquals(99, x.vspace.readLong(VA + MIB + 8), "the read-only view shows the same frame"));
    }

    @Test
    void accessesOutsideMappingsAreClearErrors()
    {
        assertTrue(fault(ErrorCode.VSPACE_NOT_MAPPED, v -> v.readLong(VA)).getMessage()
            .contains("read at 0x4000000000: nothing is mapped there"));
        fault(ErrorCode.VSPACE_INVALID_ADDRESS, v -> v.readLong(-8));
        fault(ErrorCode.VSPACE_INVALID_ADDRESS, v -> v.readLong(Pmap.ADDRESS_SPACE));
        final CapRef[] f = new CapRef[1];
        d.run(x ->
        {
            f[0] = x.frame(2 * PAGE, PAGE);
            x.vspace.map(f[0], VA, PAGE, RW);
        });
        fault(ErrorCode.VSPACE_INVALID_ADDRESS, v -> v.readLong(VA + 4));
        fault(ErrorCode.VSPACE_INVALID_ADDRESS, v -> v.map(f[0], VA + 1, PAGE, RW));
        fault(ErrorCode.VSPACE_RANGE_IN_USE, v -> v.map(f[0], VA - PAGE, 2 * PAGE, RW));
        fault(ErrorCode.VSPACE_NOT_MAPPED, v -> v.unmap(VA + PAGE));
    }

    @Test
    void unmapRemovesTheMappingCapabilitiesAndLaterAccessFails()
    {
        final CapRef[] f = new CapRef[1];
        d.run(x ->
        {
            f[0] = x.frame(4 * PAGE, PAGE);
            x.vspace.map(f[0], VA, RW);
            x.vspace.writeLong(VA, 1);
            x.vspace.unmap(VA);
        });
        assertEquals(0, d.kernel.openMappings());
        fault(ErrorCode.VSPACE_NOT_MAPPED, v -> v.readLong(VA));
        d.run(x ->
        {
            x.vspace.map(f[0], VA + 2 * MIB, RW);
            assertEquals(1, x.vspace.readLong(VA + 2 * MIB), "the frame kept its contents");
        });
    }

    @Test
    void deletingTheFrameRemovesItsMappingAtOnceAndACopysMappingLivesOn()
    {
        final CapRef[] f = new CapRef[1];
        d.run(x ->
        {
            f[0] = x.frame(2 * PAGE, PAGE);
            x.vspace.map(f[0], VA, RW);
            x.vspace.map(f[0], VA + MIB, CapRights.READ);
            x.vspace.writeLong(VA, 42);
            x.sys().delete(f[0]);
        });
        final PageFault fault = fault(ErrorCode.VSPACE_NOT_MAPPED, v -> v.readLong(VA));
        assertTrue(fault.getMessage().contains("its mapping was removed"), fault.getMessage());
        // A capability maps once: the second view went through the pmap's own copy of the frame, which the
        // delete of the first did not touch; it lives until it is unmapped (or the frame revoked).
        assertEquals(1, d.kernel.openMappings());
        d.run(x ->
        {
            assertEquals(42, x.vspace.readLong(VA + MIB));
            x.vspace.unmap(VA + MIB);
        });
        fault(ErrorCode.VSPACE_NOT_MAPPED, v -> v.readLong(VA + MIB));
        assertEquals(0, d.kernel.openMappings());
        d.run(x ->
        {
            assertFalse(x.vspace.isMapped(VA));
            x.vspace.map(x.frame(PAGE, PAGE), VA, RW);
            assertEquals(0, x.vspace.readLong(VA), "the range is free again and maps fresh memory");
        });
    }

    @Test
    void revokingTheRamFailsEvenAnAccessTheTlbWouldHaveServed()
    {
        d.run(x ->
        {
            x.vspace.map(x.frame(8 * PAGE, PAGE), VA, RW);
            x.vspace.writeLong(VA + 16, 7);
            assertEquals(7, x.vspace.readLong(VA + 16));
            x.sys().revoke(CSpaceLayout.superRam(0));
        });
        assertEquals(0, d.kernel.openMappings());
        fault(ErrorCode.VSPACE_NOT_MAPPED, v -> v.readLong(VA + 16));
        fault(ErrorCode.VSPACE_NOT_MAPPED, v -> v.writeLong(VA + 24, 1));
    }

    @Test
    void revokingTheFrameTakesItsMappingsAndKeepsTheFrame()
    {
        final CapRef[] f = new CapRef[1];
        d.run(x ->
        {
            f[0] = x.frame(PAGE, PAGE);
            x.vspace.map(f[0], VA, RW);
            x.vspace.writeLong(VA, 3);
            x.sys().revoke(f[0]);
        });
        fault(ErrorCode.VSPACE_NOT_MAPPED, v -> v.writeLong(VA, 4));
        d.run(x ->
        {
            x.vspace.map(f[0], VA, RW);
            assertEquals(3, x.vspace.readLong(VA));
        });
    }

    @Test
    void aFrameMadeAgainFromTheSameRamReadsZeros()
    {
        final long[] physical = new long[1];
        d.run(x ->
        {
            final CapRef f = x.slots.allocate();
            physical[0] = x.ram.retype(CapType.FRAME, 4 * PAGE, PAGE, f);
            x.vspace.map(f, VA, RW);
            for (long at = VA; at < VA + 4 * PAGE; at += 8)
            {
                x.vspace.writeLong(at, -1L);
            }
            x.vspace.unmap(VA);
            x.sys().delete(f);
            final CapRef again = x.slots.allocate();
            final long offset = physical[0] - x.sys().identify(CSpaceLayout.superRam(0)).base();
            x.sys().retype(CSpaceLayout.superRam(0), offset, CapType.FRAME, 4 * PAGE, 1,
                CapRef.inRoot(again.l1Index()), again.l2Slot());
            x.vspace.map(again, VA, RW);
            for (long at = VA; at < VA + 4 * PAGE; at += 8)
            {
                assertEquals(0, x.vspace.readLong(at), "data of the earlier frame at 0x" + Long.toHexString(at));
            }
        });
    }

    @Test
    void alignedFramesAreMappedWithLargePages()
    {
        d.run(x ->
        {
            final int before = x.vspace.pmap().tables();
            x.vspace.map(x.frame(4 * MIB, 2 * MIB), VA, RW);
            assertEquals(before + 2, x.vspace.pmap().tables(), "PDPT and page directory, no page table");
            x.vspace.writeLong(VA + 3 * MIB, 11);
            assertEquals(1, d.kernel.openMappings(), "one run of two 2 MiB entries");
            x.vspace.map(x.frame(2 * PAGE, PAGE), VA + 4 * MIB + PAGE, RW);
            assertEquals(before + 3, x.vspace.pmap().tables(), "a page table for the 4 KiB pages");
            assertEquals(11, x.vspace.readLong(VA + 3 * MIB));
        });
    }

    @Test
    void aMapThatFailsHalfwayLeavesNothingMapped()
    {
        try (TestDomain small = new TestDomain(MIB))
        {
            final long across = VA + 2 * MIB - 2 * PAGE;
            final CapabilityException refused = assertThrows(CapabilityException.class, () -> small.run(x ->
            {
                final CapRef f = x.frame(4 * PAGE, PAGE);
                x.frame(x.ram.available() - 3 * PAGE, PAGE);
                x.vspace.map(f, across, RW);
            }), "RAM for three tables: the first page table's run maps, the second page table cannot be made");
            assertEquals(ErrorCode.OUT_OF_MEMORY, refused.code());
            assertEquals(0, small.kernel.openMappings());
            small.run(x -> assertFalse(x.vspace.isMapped(across)));
        }
    }

    @Test
    void theAllocatorsRunOutWithClearErrors()
    {
        try (TestDomain small = new TestDomain(MIB))
        {
            final CapabilityException out = assertThrows(CapabilityException.class,
                () -> small.run(x -> x.frame(2 * MIB, PAGE)));
            assertEquals(ErrorCode.OUT_OF_MEMORY, out.code());
            small.run(x ->
            {
                final int free = x.slots.freeSlots();
                for (int i = 0; i <= free; i++)
                {
                    x.slots.allocate();
                }
                assertEquals(255, x.slots.freeSlots(), "grew by one L2 CNode from RAM");
            });
        }
    }
}
