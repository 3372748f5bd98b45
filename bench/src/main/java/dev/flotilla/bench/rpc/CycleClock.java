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
 * every x86 core of the last decade), the median of {@value #RUNS} runs of {@value #STEPS} steps, with the
 * lowest and highest; it shows the clock the core really ran at, turbo or throttling (or a busy host)
 * included. A run can only come out slower than the clock, never faster: the chain has no shortcut.
 */
final class CycleClock
{
    private static final int STEPS = 100_000_000;
    private static final int RUNS = 7;

    private CycleClock()
    {
    }

    /**
     * What the clock rate is, in GHz: nominal (NaN where {@code /proc/cpuinfo} does not say), and measured: the
     * median run, the slowest and the fastest.
     */
    record Rate(double nominalGhz, double measuredGhz, double measuredLowGhz, double measuredHighGhz)
    {
    }

    static Rate measure()
    {
        final double[] runs = measuredRuns();
        return new Rate(nominalGhz(), runs[runs.length / 2], runs[0], runs[runs.length - 1]);
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

    /** The rate of each run, sorted, slowest first. */
    static double[] measuredRuns()
    {
        final double[] ghz = new double[RUNS];
        long sink = 0;
        for (int run = 0; run < RUNS; run++)
        {
            final long start = System.nanoTime();
            sink += chain(STEPS, run + 1);
            ghz[run] = 2.0 * STEPS / (System.nanoTime() - start);
        }
        if (sink == 42)
        {
            System.out.print(""); // keeps the chains' results alive
        }
        java.util.Arrays.sort(ghz);
        return ghz;
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
