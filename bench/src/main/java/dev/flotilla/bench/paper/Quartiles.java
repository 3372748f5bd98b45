package dev.flotilla.bench.paper;

import java.util.Arrays;

/**
 * The middle and the spread of repeated measurements: median, interquartile range and extremes, each quartile
 * linearly interpolated between the two nearest sorted values (so one measurement is its own median and quartiles).
 *
 * @param median the middle value.
 * @param lower  the first quartile: a quarter of the measurements lie at or below it.
 * @param upper  the third quartile.
 * @param min    the smallest measurement.
 * @param max    the largest.
 * @param count  how many measurements; 0 makes every other field NaN.
 */
record Quartiles(double median, double lower, double upper, double min, double max, int count)
{
    /** The quartiles of {@code values} (NaN ones left out). */
    static Quartiles of(final double... values)
    {
        final double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0)
        {
            return new Quartiles(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        return new Quartiles(at(sorted, 0.5), at(sorted, 0.25), at(sorted, 0.75), sorted[0],
            sorted[sorted.length - 1], sorted.length);
    }

    /** The quartiles of {@code values}, times or counts. */
    static Quartiles of(final long... values)
    {
        return of(Arrays.stream(values).asDoubleStream().toArray());
    }

    private static double at(final double[] sorted, final double fraction)
    {
        final double position = fraction * (sorted.length - 1);
        final int below = (int)Math.floor(position);
        final int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    /** The interquartile range as a table cell: {@code lower–upper}, numbers as {@link MarkdownTable#number} prints them. */
    String range()
    {
        return count == 0 ? "-" : MarkdownTable.number(lower) + "–" + MarkdownTable.number(upper);
    }
}
