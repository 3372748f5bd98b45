package dev.flotilla.shell;

import java.util.Arrays;

/**
 * Round trips from this dispatcher to another of the shell's, through the generated stubs over the URPC
 * channel between them: warmed up until the median of a window of round trips stops moving (within 5% of the
 * window before, for three windows running), bounded at {@link #MAX_WARMUP_WINDOWS} windows, then measured.
 * The windows are long (2,000 round trips) because the JIT compiles the message path in stages: shorter windows
 * settle on the interpreter's or C1's median (3-5 µs on the project's VM, against about 0.6 µs compiled).
 * Times come from the core's clock (virtual on the simulator).
 */
final class Ping
{
    private static final int WINDOW = 2_000;
    private static final int MAX_WARMUP_WINDOWS = 150;
    private static final int STEADY_WINDOWS = 3;

    /** What a run measured, in the core clock's nanoseconds. */
    record Stats(long minNs, long medianNs, long p99Ns, long warmupRounds, boolean settled)
    {
    }

    private final Session session;
    private final FishInterfaceBinding peer;

    Ping(final Session session, final FishInterfaceBinding peer)
    {
        this.session = session;
        this.peer = peer;
    }

    Stats run(final int rounds)
    {
        long previous = -1;
        int steady = 0;
        int windows = 0;
        final long[] window = new long[WINDOW];
        while (steady < STEADY_WINDOWS && windows < MAX_WARMUP_WINDOWS)
        {
            measure(window);
            final long median = median(window);
            steady = previous > 0 && Math.abs(median - previous) <= previous / 20 ? steady + 1 : 0;
            previous = median;
            windows++;
        }
        final long[] times = new long[rounds];
        measure(times);
        Arrays.sort(times);
        return new Stats(times[0], times[(times.length - 1) / 2], times[(int)Math.min(times.length - 1,
            Math.ceil(times.length * 0.99) - 1)], (long)windows * WINDOW, steady >= STEADY_WINDOWS);
    }

    private void measure(final long[] into)
    {
        for (int i = 0; i < into.length; i++)
        {
            if ((i & 1023) == 0)
            {
                session.checkCancel();
            }
            final long start = session.self().clock().nanoTime();
            final long echoed = peer.echo(i);
            into[i] = session.self().clock().nanoTime() - start;
            if (echoed != i)
            {
                throw new IllegalStateException("echo " + i + " came back as " + echoed);
            }
        }
    }

    private static long median(final long[] window)
    {
        final long[] sorted = window.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }
}
