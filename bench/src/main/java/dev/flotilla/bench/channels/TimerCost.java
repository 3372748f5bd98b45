package dev.flotilla.bench.channels;

/**
 * What the clock adds to a round-trip sample. JMH's sample-time mode reads {@link System#nanoTime()}
 * before and after each sampled invocation, so every sample includes about one clock read, and a
 * sample can only be (about) a multiple of the clock's step. The report states both.
 */
final class TimerCost
{
    private static final int CALLS = 200_000;
    private static final int ROUNDS = 15;
    /** Steps from this down to 4 ns are recognised; below that the clock counts as 1 ns. */
    private static final int LARGEST_STEP = 100;

    private TimerCost()
    {
    }

    /**
     * @param costNs the cheapest average cost of one call over several rounds (later rounds run compiled).
     * @param stepNs how far the clock moves at a time: the largest {@code g} such that nine in ten
     *               differences between consecutive reads lie within 1 ns of a multiple of {@code g}.
     */
    record Clock(double costNs, int stepNs)
    {
    }

    static Clock measure()
    {
        final long[] deltas = new long[CALLS];
        double best = Double.POSITIVE_INFINITY;
        for (int round = 0; round < ROUNDS; round++)
        {
            final long start = System.nanoTime();
            long previous = start;
            for (int i = 0; i < CALLS; i++)
            {
                final long now = System.nanoTime();
                deltas[i] = now - previous;
                previous = now;
            }
            best = Math.min(best, (double)(previous - start) / CALLS);
        }
        return new Clock(best, step(deltas));
    }

    private static int step(final long[] deltas)
    {
        for (int g = LARGEST_STEP; g >= 4; g--)
        {
            int near = 0;
            int counted = 0;
            for (final long d : deltas)
            {
                if (d > 0)
                {
                    counted++;
                    final long r = d % g;
                    if (r <= 1 || r == g - 1)
                    {
                        near++;
                    }
                }
            }
            if (counted > 0 && near >= 0.9 * counted)
            {
                return g;
            }
        }
        return 1;
    }
}
