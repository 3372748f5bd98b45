package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

/** What every halted core's {@code kernel} object in the JSON boot report must say, natively or simulated. */
final class KernelCountsCheck
{
    private KernelCountsCheck()
    {
    }

    /** Checks that the counts exist and agree with each other; never how fast anything ran. */
    static void check(final JsonNode core)
    {
        final JsonNode kernel = core.get("kernel");
        final String where = "core " + core.get("core") + ": " + kernel;
        assertTrue(kernel != null && kernel.isObject(), where);
        final long steps = kernel.get("steps").asLong();
        final long dispatches = kernel.get("dispatches").asLong();
        final long slice = kernel.get("timeSliceNs").asLong();
        final long overruns = kernel.get("overruns").asLong();
        final long longest = kernel.get("longestDispatchNs").asLong();
        assertTrue(steps > 0 && dispatches > 0, "the core stepped and ran its monitor; " + where);
        assertTrue(kernel.get("skippedWhileBlocked").asLong() >= 0, where);
        assertEquals(1_000_000, slice, "the CPU driver's default slice; " + where);
        assertTrue(0 <= overruns && overruns <= dispatches, where);
        assertTrue(longest >= 0, where);
        assertEquals(overruns > 0, longest > slice, "an overrun is a dispatch longer than the slice; " + where);
    }
}
