package dev.flotilla.caps;

import dev.flotilla.base.ErrorCode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

/** Rights only shrink. */
final class CapRightsTest
{
    @Test
    void maskingNeverAddsARight()
    {
        qt().withFixedSeed(31).withExamples(2000)
            .forAll(integers().between(0, 31), integers().between(0, 31))
            .checkAssert(CapRightsTest::maskOnlyRemoves);
    }

    private static void maskOnlyRemoves(final int held, final int mask)
    {
        final CapRights result = new CapRights(held).and(new CapRights(mask));
        assertTrue(result.isSubsetOf(new CapRights(held)));
        assertTrue(result.isSubsetOf(new CapRights(mask)));
        assertEquals(held & mask, result.bits());
    }

    @Test
    void lettersAndBounds()
    {
        assertEquals("RWXGI", CapRights.ALL.toString());
        assertEquals("-W--I", CapRights.WRITE.or(CapRights.IDENTIFY).toString());
        assertEquals("-----", CapRights.NONE.toString());
        assertTrue(CapRights.ALL.has(CapRights.GRANT));
        assertThrows(IllegalArgumentException.class, () -> new CapRights(32));
    }

    @Test
    void capabilitiesCheckTheirRanges()
    {
        assertThrows(IllegalArgumentException.class, () -> Capability.of(CapType.RAM, CapRights.ALL, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Capability.of(CapType.RAM, CapRights.ALL, -4096, 4096));
        assertThrows(IllegalArgumentException.class, () -> Capability.of(CapType.RAM, CapRights.ALL, Long.MAX_VALUE, 4096));
        assertThrows(IllegalArgumentException.class, () -> Capability.of(CapType.KERNEL, CapRights.ALL, 4096, 0));
        assertThrows(IllegalArgumentException.class, () -> Capability.of(CapType.FRAME_MAPPING, CapRights.ALL, 0, 4096));
        assertThrows(IllegalArgumentException.class, () -> new PageMapping(0, 511, 2, 0));
        assertEquals("RAM [0x1000, 0x3000) R----", Capability.of(CapType.RAM, CapRights.READ, 4096, 8192).toString());
    }

    @Test
    void errorsCarryTheirCodeAndTheBadArgument()
    {
        final CapabilityException e = new CapabilityException(ErrorCode.REVOKE_FIRST, "source: overlaps");
        assertEquals(ErrorCode.REVOKE_FIRST, e.code());
        assertEquals("source: overlaps", e.detail());
        assertTrue(e.getMessage().startsWith("REVOKE_FIRST: "));
        for (final ErrorCode code : ErrorCode.values())
        {
            assertTrue(!code.message().isBlank(), code.name());
        }
    }
}
