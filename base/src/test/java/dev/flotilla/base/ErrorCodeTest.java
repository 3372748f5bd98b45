package dev.flotilla.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorCodeTest
{
    @Test
    void everyCodeHasItsOwnWireNumberAndAMessage()
    {
        final Set<Integer> seen = new HashSet<>();
        for (final ErrorCode code : ErrorCode.values())
        {
            assertTrue(code.wire() > ErrorCode.OK_WIRE, code.name());
            assertTrue(seen.add(code.wire()), code + " reuses wire number " + code.wire());
            assertFalse(code.message().isBlank(), code.name());
            assertEquals(code, ErrorCode.fromWire(ErrorCode.toWire(code)));
        }
    }

    @Test
    void successIsZeroOnTheWire()
    {
        assertEquals(0, ErrorCode.toWire(null));
        assertNull(ErrorCode.fromWire(0));
    }

    /** Wire numbers are a contract with every message ever sent: these never change. */
    @Test
    void wireNumbersAreStable()
    {
        assertEquals(104, ErrorCode.CAP_NOT_FOUND.wire());
        assertEquals(206, ErrorCode.REVOKE_FIRST.wire());
        assertEquals(401, ErrorCode.SERVICE_NOT_FOUND.wire());
        assertEquals(503, ErrorCode.SKB_SYNTAX_ERROR.wire());
        assertEquals(1106, ErrorCode.AGREEMENT_TIMEOUT.wire());
    }

    @Test
    void aStatusWordThatIsNoCodeIsRefused()
    {
        for (final long bad : new long[] {-1, 1, 99, 100_000, Long.MAX_VALUE})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ErrorCode.fromWire(bad));
            assertTrue(e.getMessage().contains(Long.toString(bad)), e.getMessage());
        }
    }

    @Test
    void exceptionsCarryTheirCode()
    {
        final FlotillaException e = new FlotillaException(ErrorCode.INVALID_CORE, "core: 9 is not 0..3");
        assertEquals(ErrorCode.INVALID_CORE, e.code());
        assertEquals("core: 9 is not 0..3", e.detail());
        assertEquals("INVALID_CORE: no such core (core: 9 is not 0..3)", e.getMessage());
    }
}
