package dev.flotilla.lib.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The TLB of a {@link VSpace} and the shootdown's local half: what another core's unmap makes this address
 * space drop. Two address spaces of one dispatcher stand for two dispatchers of a domain on two cores, each
 * with its own page tables and TLB over the same frame.
 */
class ShootdownTest
{
    private static final long PAGE = ObjectSizes.BASE_PAGE;
    private static final long MIB = 1L << 20;
    private static final long VA = 0x40_0000_0000L;
    private static final CapRights RW = CapRights.READ.or(CapRights.WRITE);

    /** A fresh domain for every test (JUnit makes a test instance per test method), closed after it. */
    @AutoClose
    private final TestDomain d = new TestDomain(64 * MIB);

    @Test
    void aShotDownRegionCanNoLongerBeReadAndItsTranslationIsGone()
    {
        d.run(x ->
        {
            final CapRef f = x.frame(4 * PAGE, PAGE);
            final VSpace other = VSpace.create(x.sys(), x.slots, x.ram);
            x.vspace.map(f, VA, RW);
            other.map(f, VA, RW); // through a copy the pmap makes: one frame, two address spaces
            x.vspace.writeLong(VA + 8, 42);
            assertEquals(42, other.readLong(VA + 8));
            assertTrue(other.cachesTranslation(VA + 8));
            final int open = x.kernel.openMappings();

            x.vspace.unmap(VA);
            assertTrue(other.shootdown(VA));
            assertFalse(other.cachesTranslation(VA + 8));
            assertFalse(other.isMapped(VA));
            final PageFault fault = assertThrows(PageFault.class, () -> other.readLong(VA + 8));
            assertEquals(ErrorCode.VSPACE_NOT_MAPPED, fault.code());
            assertEquals(open - 2, x.kernel.openMappings());
            assertFalse(other.shootdown(VA), "a second shootdown finds nothing, and is no error");
            other.map(f, VA, RW); // the address is free again
            assertEquals(42, other.readLong(VA + 8));
        });
    }

    @Test
    void aShootdownWhereNothingIsMappedDropsOnlyTheTranslation()
    {
        d.run(x ->
        {
            final VSpace other = VSpace.create(x.sys(), x.slots, x.ram);
            assertFalse(other.shootdown(VA));
            final PageFault fault = assertThrows(PageFault.class, () -> other.unmap(VA));
            assertEquals(ErrorCode.VSPACE_NOT_MAPPED, fault.code());
        });
    }

    @Test
    void theTlbKeepsSeveralTranslationsAndAnUnmapDropsOnlyItsOwn()
    {
        d.run(x ->
        {
            final int regions = TranslationCache.ENTRIES;
            for (int i = 0; i < regions; i++)
            {
                x.vspace.map(x.frame(PAGE, PAGE), VA + i * MIB, RW);
                x.vspace.writeLong(VA + i * MIB, i);
            }
            for (int i = 0; i < regions; i++)
            {
                assertTrue(x.vspace.cachesTranslation(VA + i * MIB), "region " + i);
            }
            x.vspace.unmap(VA + 3 * MIB);
            assertFalse(x.vspace.cachesTranslation(VA + 3 * MIB));
            assertTrue(x.vspace.cachesTranslation(VA + 4 * MIB));
            assertEquals(1, x.vspace.tlbInvalidations());
            assertEquals(ErrorCode.VSPACE_NOT_MAPPED,
                assertThrows(PageFault.class, () -> x.vspace.readLong(VA + 3 * MIB)).code());
            x.vspace.map(x.frame(PAGE, PAGE), VA + 20 * MIB, RW); // one more than the TLB holds: the oldest goes
            x.vspace.readLong(VA + 20 * MIB);
            assertEquals(7, x.vspace.readLong(VA + 7 * MIB));
        });
    }
}
