package dev.flotilla.bench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.bench.BenchMain;
import dev.flotilla.sim.machine.Machines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The soak of the replicated name registry in the test suite: a few hundred seeds on the simulated 2x2 AMD (four
 * cores, so a run is short) and a few on all 32 cores of the 8x4; every invariant holds on every seed. The full
 * 10,000 seeds are {@code ./flotilla bench soak}.
 */
class NameSoakTest
{
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    private int soak(final String... args)
    {
        return BenchMain.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @Test
    void threeHundredSeedsOnFourCoresKeepEveryInvariant()
    {
        assertEquals(0, soak("soak", "--seeds", "300", "--machine", "amd-2x2"), () -> stdout.toString(StandardCharsets.UTF_8));
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("soak: passed: 300 seeds, 0 failed"));
    }

    @Test
    void tenSeedsOnThirtyTwoCoresKeepEveryInvariantAndSomeRacesAreDecided() throws InterruptedException
    {
        int exported = 0;
        int refused = 0;
        for (long seed = 1; seed <= 10; seed++)
        {
            final NameSoak.Result result = NameSoak.run(Machines.load("amd-8x4"), 32, seed);
            assertTrue(result.passed(), () -> "seed " + result.seed() + ": " + result.violations()
                + "\nreplay: ./flotilla bench soak --from " + result.seed() + " --seeds 1 --machine amd-8x4");
            exported += result.exported();
            refused += result.refused();
        }
        // the runs raced: names were held, and exports of a held name were refused
        assertTrue(exported > 0 && refused > 0, exported + " held, " + refused + " refused");
    }

    @Test
    void badOptionsAreUsageErrors()
    {
        assertEquals(BenchMain.USAGE, soak("soak", "--seeds", "0"));
        assertEquals(BenchMain.USAGE, soak("soak", "--machine", "amd-9x9"));
        assertEquals(BenchMain.USAGE, soak("soak", "--cores", "64", "--machine", "amd-2x2"));
        assertEquals(BenchMain.USAGE, soak("soak", "--what"));
        assertEquals(0, soak("soak", "--help"));
    }
}
