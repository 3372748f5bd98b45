package dev.flotilla.bench;

import dev.flotilla.platform.linux.Affinity;
import java.util.BitSet;

/**
 * The two CPUs a two-thread benchmark pins its threads to, as {@code --cpus A,B} names them: the first
 * for the thread that starts each exchange (pinger, producer), the second for the other.
 *
 * @param first  the first thread's CPU.
 * @param second the second thread's CPU, never the same as {@code first}.
 */
public record CpuPair(int first, int second)
{
    /** The largest CPU number accepted, as the platform's affinity masks are built. */
    public static final int MAX_CPU = 4095;

    public CpuPair
    {
        if (first < 0 || second < 0 || first > MAX_CPU || second > MAX_CPU)
        {
            throw new IllegalArgumentException("--cpus needs CPU numbers from 0 to " + MAX_CPU + ", not " + first
                + "," + second);
        }
        if (first == second)
        {
            throw new IllegalArgumentException("--cpus needs two different CPUs, not " + first + " twice");
        }
    }

    /**
     * Parses {@code A,B}.
     *
     * @throws IllegalArgumentException naming the value and the accepted form.
     */
    public static CpuPair parse(final String value)
    {
        final String[] parts = value.split(",", -1);
        if (parts.length != 2)
        {
            throw new IllegalArgumentException("--cpus needs two CPU numbers such as 0,1, not '" + value + "'");
        }
        return new CpuPair(number(parts[0], value), number(parts[1], value));
    }

    private static int number(final String part, final String value)
    {
        try
        {
            final int n = Integer.parseInt(part.trim());
            if (n >= 0 && n <= MAX_CPU)
            {
                return n;
            }
        }
        catch (final NumberFormatException e)
        {
            // reported below, with the accepted form
        }
        throw new IllegalArgumentException("--cpus needs two CPU numbers from 0 to " + MAX_CPU + " such as 0,1, not '"
            + value + "'");
    }

    /**
     * Why this pair cannot be used by this process, or null if it can (or if the affinity mask is
     * unknown, when nothing can be checked and pinning will report its own failure).
     */
    public String unusableReason()
    {
        final BitSet allowed = Affinity.allowedCpus();
        for (final int cpu : new int[] {first, second})
        {
            if (!allowed.isEmpty() && !allowed.get(cpu))
            {
                return "CPU " + cpu + " is not one this process may use; it may use CPUs " + allowed;
            }
        }
        return null;
    }

    /** The CPU of thread {@code index} (0 or 1) of a pair. */
    public int cpu(final int index)
    {
        return index % 2 == 0 ? first : second;
    }

    /** As {@code --cpus} takes it. */
    @Override
    public String toString()
    {
        return first + "," + second;
    }
}
