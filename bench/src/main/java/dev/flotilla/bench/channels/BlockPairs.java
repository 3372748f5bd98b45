package dev.flotilla.bench.channels;

import java.util.Arrays;

/**
 * The times of neighbouring blocks that an alternating-block benchmark measured: UMP's block and the
 * other transport's block right after it, each of the same number of items (round trips, or
 * messages). Written and read by the timing thread only; it grows rarely (doubling), so recording
 * costs nothing measurable.
 */
final class BlockPairs
{
    private final int itemsPerBlock;
    private long[] ump = new long[4096];
    private long[] other = new long[4096];
    private int size;

    /** @param itemsPerBlock round trips or messages per block, to turn block times into times per item. */
    BlockPairs(final int itemsPerBlock)
    {
        this.itemsPerBlock = itemsPerBlock;
    }

    void add(final long umpNs, final long otherNs)
    {
        if (size == ump.length)
        {
            ump = Arrays.copyOf(ump, 2 * size);
            other = Arrays.copyOf(other, 2 * size);
        }
        ump[size] = umpNs;
        other[size] = otherNs;
        size++;
    }

    int size()
    {
        return size;
    }

    /** The median over pairs of UMP's block time over the other's; NaN when empty. */
    double medianRatio()
    {
        final double[] ratios = new double[size];
        for (int i = 0; i < size; i++)
        {
            ratios[i] = (double)ump[i] / other[i];
        }
        return median(ratios);
    }

    /** The median over UMP's blocks of its mean time per item, ns; NaN when empty. */
    double medianUmpNs()
    {
        return median(perRoundTrip(ump));
    }

    /** The same for the other transport. */
    double medianOtherNs()
    {
        return median(perRoundTrip(other));
    }

    private double[] perRoundTrip(final long[] blocks)
    {
        final double[] means = new double[size];
        for (int i = 0; i < size; i++)
        {
            means[i] = (double)blocks[i] / itemsPerBlock;
        }
        return means;
    }

    private static double median(final double[] values)
    {
        if (values.length == 0)
        {
            return Double.NaN;
        }
        Arrays.sort(values);
        final int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
