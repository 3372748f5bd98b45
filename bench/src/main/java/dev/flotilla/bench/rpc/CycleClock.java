package dev.flotilla.bench.rpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns nanoseconds into this machine's cycles, two ways. <b>Nominal</b>: the {@code cpu MHz} that
 * {@code /proc/cpuinfo} states for the first CPU (on a KVM guest with a constant TSC, the TSC's rate as the
 * host gives it). <b>Measured</b>: the rate at which a chain of dependent one-cycle integer operations runs
 * on the calling thread ({@code x += x >>> 7}: a shift then an add on its result, two cycles per step on
 * every x86 core of the last decade), best of several runs of {@value #STEPS} steps; it shows the clock the
 * core really ran at, turbo or throttling included.
 */
final class CycleClock
{
    private static final int STEPS = 100_000_000;
    private static final int RUNS = 7;

    private CycleClock()
    {
    }

    /** What the clock rate is, both ways, in GHz; nominal is NaN where {@code /proc/cpuinfo} does not say. */
    record Rate(double nominalGhz, double measuredGhz)
    {
    }

    static Rate measure()
    {
        return new Rate(nominalGhz(), measuredGhz());
    }

    static double nominalGhz()
    {
        try
        {
            final List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (final String line : lines)
            {
                if (line.startsWith("cpu MHz"))
                {
                    return Double.parseDouble(line.substring(line.indexOf(':') + 1).trim()) / 1000;
                }
            }
        }
        catch (final IOException | NumberFormatException e)
        {
            // not Linux, or no rate stated: reported as unknown
        }
        return Double.NaN;
    }

    static double measuredGhz()
    {
        double best = 0;
        long sink = 0;
        for (int run = 0; run < RUNS; run++)
        {
            final long start = System.nanoTime();
            sink += chain(STEPS, run + 1);
            final long ns = System.nanoTime() - start;
            best = Math.max(best, 2.0 * STEPS / ns);
        }
        if (sink == 42)
        {
            System.out.print(""); // keeps the chains' results alive
        }
        return best;
    }

    /** Two cycles a step: each step's shift needs the previous step's sum. */
    static long chain(final int steps, final long seed)
    {
        long x = seed;
        for (int i = 0; i < steps; i++)
        {
            x += x >>> 7;
        }
        return x;
    }
}
