package dev.flotilla.skb.facts;

import static dev.flotilla.skb.facts.FactWriter.integer;

import dev.flotilla.skb.FactKind;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.skb.SkbException;
import dev.flotilla.skb.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code message_rtt_row/2} facts of a measured round-trip matrix. The matrix is a plain
 * {@code long[][]} so that the SKB needs nothing from the monitor: {@code nanos[a][b]} is the median
 * round trip from core {@code a} to core {@code b} in nanoseconds, indexed by core number; a negative
 * entry means not measured, the diagonal is ignored, and cores beyond the matrix (not booted, say)
 * are not measured. A 0 x 0 matrix clears every measurement.
 */
public final class RoundTripFacts
{
    /** What errors name as the source of a bad matrix. */
    public static final String SOURCE = "round-trip matrix";

    private RoundTripFacts()
    {
    }

    /**
     * Writes one row per core of {@code cores} inside the matrix; columns of numbers that are not
     * cores read -1 (not measured).
     *
     * @throws SkbException {@code SKB_INVALID_FACT} if the matrix is not square.
     */
    public static FactWriter of(final long[][] nanos, final Set<Integer> cores)
    {
        final int size = nanos.length;
        for (int row = 0; row < size; row++)
        {
            if (nanos[row] == null || nanos[row].length != size)
            {
                throw new SkbException(ErrorCode.SKB_INVALID_FACT, SOURCE, "row " + row + " has "
                    + (nanos[row] == null ? "no" : nanos[row].length) + " entries; the matrix must be " + size
                    + " x " + size);
            }
        }
        final FactWriter facts = new FactWriter();
        for (int from = 0; from < size; from++)
        {
            if (cores.contains(from))
            {
                final List<Term> row = new ArrayList<>(size);
                for (int to = 0; to < size; to++)
                {
                    row.add(integer(cores.contains(to) && nanos[from][to] >= 0 ? nanos[from][to] : -1));
                }
                facts.add(FactKind.MESSAGE_RTT_ROW, integer(from), new Term.Compound("rtt", row));
            }
        }
        return facts;
    }
}
