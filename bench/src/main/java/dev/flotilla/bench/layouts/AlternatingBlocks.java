package dev.flotilla.bench.layouts;

import dev.flotilla.bench.CpuPair;
import dev.flotilla.platform.linux.Affinity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs every handoff in alternating blocks on two pinned threads: a repetition is one block of
 * round trips over each handoff, in list order on even repetitions and in reverse on odd ones, so
 * that each handoff runs as often early in a repetition as late. Neighbouring blocks share the
 * machine's state of that moment (placement, frequency, load), which is why each handoff is compared
 * with the first one (the floor) repetition by repetition, not by separate averages.
 *
 * <p>Not JMH, on purpose: JMH returns to its own loop between invocations, which paces the echoer's
 * polling, and the polling rate is one of the things that move a cache line's hand-over time. Here
 * every handoff is driven by the same two loops, as tight as the handoff's own receive.
 */
public final class AlternatingBlocks
{
    /** The first fifth of the repetitions is warm-up (the JIT compiles the loops), not reported. */
    private static final int WARMUP_DIVISOR = 5;
    /** At least this many repetitions are measured, however short the time. */
    private static final int MIN_REPETITIONS = 10;

    private AlternatingBlocks()
    {
    }

    /**
     * One handoff's numbers.
     *
     * @param name        the handoff.
     * @param meanNs      median over measured repetitions of the block's mean round trip.
     * @param ratio       median over repetitions of this block's mean over the first handoff's.
     * @param ratioLow    the lower quartile of that ratio.
     * @param ratioHigh   the upper quartile.
     */
    public record Row(String name, double meanNs, double ratio, double ratioLow, double ratioHigh)
    {
    }

    /**
     * The outcome of a run.
     *
     * @param rows         one per handoff, in the order given.
     * @param repetitions  measured repetitions (after warm-up).
     * @param pinning      how each thread's pinning went.
     * @param wrongEchoes  round trips whose echo had the wrong checksum (must be 0).
     */
    public record Outcome(List<Row> rows, int repetitions, String pinning, long wrongEchoes)
    {
    }

    /**
     * @param handoffs  the first is the reference the ratios divide by.
     * @param cpus      the pinger's and the echoer's CPU.
     * @param nanos     how long to run (at least {@link #MIN_REPETITIONS} measured repetitions).
     * @param block     round trips per block.
     */
    public static Outcome run(final List<Handoff> handoffs, final CpuPair cpus, final long nanos, final int block)
        throws InterruptedException
    {
        final Handoff[] order = handoffs.toArray(Handoff[]::new);
        final StopFlag stop = new StopFlag();
        final String[] pins = new String[2];
        final Thread echoer = Thread.ofPlatform().name("layouts-echo").unstarted(() ->
        {
            pins[1] = pin(cpus.second(), "echoer");
            for (int r = 0; ; r++)
            {
                for (int k = 0; k < order.length; k++)
                {
                    final Handoff h = order[(r & 1) == 0 ? k : order.length - 1 - k];
                    for (int i = 0; i < block; i++)
                    {
                        final long got = h.receive(1, stop);
                        if (got == Long.MIN_VALUE)
                        {
                            return;
                        }
                        h.send(1, got);
                    }
                }
            }
        });
        final List<double[]> means = new ArrayList<>();
        final long[] wrong = new long[1];
        final Thread pinger = Thread.ofPlatform().name("layouts-ping").unstarted(() ->
        {
            pins[0] = pin(cpus.first(), "pinger");
            final StopFlag never = new StopFlag();
            final long end = System.nanoTime() + nanos;
            long base = 0;
            for (int r = 0; ; r++)
            {
                final double[] rep = new double[order.length];
                for (int k = 0; k < order.length; k++)
                {
                    final int index = (r & 1) == 0 ? k : order.length - 1 - k;
                    final Handoff h = order[index];
                    final long t0 = System.nanoTime();
                    for (int i = 0; i < block; i++, base++)
                    {
                        h.send(0, base);
                        if (h.receive(0, never) != Handoff.checksum(Handoff.checksum(base)))
                        {
                            wrong[0]++;
                        }
                    }
                    rep[index] = (System.nanoTime() - t0) / (double)block;
                    base &= (1L << 40) - 1; // checksums of checksums stay far from Long.MIN_VALUE
                }
                means.add(rep);
                if (System.nanoTime() >= end && means.size() >= MIN_REPETITIONS * WARMUP_DIVISOR / (WARMUP_DIVISOR - 1))
                {
                    return;
                }
            }
        });
        echoer.start();
        pinger.start();
        pinger.join();
        stop.raise();
        echoer.join();
        final List<double[]> measured = means.subList(means.size() / WARMUP_DIVISOR, means.size());
        final List<Row> rows = new ArrayList<>();
        for (int k = 0; k < order.length; k++)
        {
            final double[] own = new double[measured.size()];
            final double[] ratio = new double[measured.size()];
            for (int r = 0; r < measured.size(); r++)
            {
                own[r] = measured.get(r)[k];
                ratio[r] = measured.get(r)[k] / measured.get(r)[0];
            }
            Arrays.sort(own);
            Arrays.sort(ratio);
            rows.add(new Row(order[k].name(), quantile(own, 0.5), quantile(ratio, 0.5), quantile(ratio, 0.25),
                quantile(ratio, 0.75)));
        }
        return new Outcome(rows, measured.size(), pins[0] + "; " + pins[1], wrong[0]);
    }

    private static String pin(final int cpu, final String role)
    {
        final Affinity.PinResult result = Affinity.pinCurrentThread(cpu);
        return role + (result.pinned() ? " pinned to CPU " + cpu : " not pinned (" + result.detail() + ")");
    }

    private static double quantile(final double[] sorted, final double q)
    {
        return sorted[(int)Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }
}
