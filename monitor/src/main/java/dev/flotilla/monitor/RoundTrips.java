package dev.flotilla.monitor;

/**
 * The measured round-trip times between every pair of cores, in nanoseconds of platform time —
 * what the monitors hand to the System Knowledge Base as online measurements. Symmetric; the
 * diagonal is 0. Immutable once built.
 */
public final class RoundTrips
{
    private final long[][] median;
    private final long[][] p99;
    private final long[][] min;
    private final boolean[][] unsettled;

    RoundTrips(final int cores)
    {
        median = new long[cores][cores];
        p99 = new long[cores][cores];
        min = new long[cores][cores];
        unsettled = new boolean[cores][cores];
    }

    void record(final int a, final int b, final long medianNs, final long p99Ns, final long minNs, final boolean settled)
    {
        unsettled[a][b] = unsettled[b][a] = !settled;
        median[a][b] = median[b][a] = medianNs;
        p99[a][b] = p99[b][a] = p99Ns;
        min[a][b] = min[b][a] = minNs;
    }

    /**
     * The pairs {a, b} (a &lt; b) whose warm-up gave up before the median stopped moving: their figures may still
     * include the JIT's compilation or a cold cache.
     */
    public java.util.List<int[]> unsettledPairs()
    {
        final java.util.List<int[]> pairs = new java.util.ArrayList<>();
        for (int a = 0; a < unsettled.length; a++)
        {
            for (int b = a + 1; b < unsettled.length; b++)
            {
                if (unsettled[a][b])
                {
                    pairs.add(new int[] {a, b});
                }
            }
        }
        return pairs;
    }

    /** The medians as a matrix: 0 on the diagonal, -1 for pairs not measured. */
    public long[][] medians()
    {
        final long[][] copy = new long[median.length][];
        for (int a = 0; a < median.length; a++)
        {
            copy[a] = median[a].clone();
            for (int b = 0; b < median.length; b++)
            {
                if (a != b && copy[a][b] == 0)
                {
                    copy[a][b] = -1;
                }
            }
        }
        return copy;
    }

    /** Number of cores. */
    public int cores()
    {
        return median.length;
    }

    /** Median round trip between cores a and b. */
    public long medianNs(final int a, final int b)
    {
        return median[a][b];
    }

    /** 99th-percentile round trip between cores a and b. */
    public long p99Ns(final int a, final int b)
    {
        return p99[a][b];
    }

    /** Fastest round trip between cores a and b. */
    public long minNs(final int a, final int b)
    {
        return min[a][b];
    }
}
