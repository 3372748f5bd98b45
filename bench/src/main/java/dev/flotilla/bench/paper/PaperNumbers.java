package dev.flotilla.bench.paper;

import java.util.List;
import java.util.Optional;

/**
 * The paper's published numbers that the experiments are drawn beside, as collected in
 * {@code shared/reference/paper-results.md}: Fig. 3 read from the talk's slides (about ±150 cycles), Tables 1
 * and 2 as printed (Table 2's middle rows are marked unverified there).
 */
public final class PaperNumbers
{
    /** Fig. 3's cores, 2 to 16. */
    public static final double[] FIG3_CORES = {2, 4, 6, 8, 10, 12, 14, 16};
    /** Fig. 3, cycles per update at {@link #FIG3_CORES}: SHM1, SHM2, SHM4, SHM8, MSG1, MSG8. */
    public static final double[][] FIG3 = {
        {0, 50, 90, 140, 660, 760, 900, 900},
        {600, 1100, 1340, 1660, 2020, 2330, 2720, 2970},
        {760, 1520, 2430, 3170, 4810, 5670, 6710, 7410},
        {1690, 2860, 4840, 6020, 9120, 10530, 11450, 11720},
        {1290, 1270, 1870, 2570, 3380, 4110, 4830, 5570},
        {1300, 1290, 1920, 2660, 3520, 4250, 5090, 5810}};
    /** The names of {@link #FIG3}'s rows. */
    public static final List<String> FIG3_SERIES = List.of("SHM1", "SHM2", "SHM4", "SHM8", "MSG1", "MSG8");

    /**
     * One row of Table 2.
     *
     * @param machine    the simulated machine it belongs to.
     * @param pair       the paper's name for the pair class.
     * @param cycles     the round trip, cycles.
     * @param msgsPerKc  throughput, messages per thousand cycles.
     */
    public record Urpc(String machine, String pair, double cycles, double msgsPerKc)
    {
    }

    /** Table 2, in its order. */
    public static final List<Urpc> TABLE2 = List.of(new Urpc("intel-2x4", "shared L2", 180, 11.97),
        new Urpc("intel-2x4", "non-shared", 570, 3.78), new Urpc("amd-2x2", "same die", 450, 3.42),
        new Urpc("amd-2x2", "one-hop", 532, 3.19), new Urpc("amd-4x4", "shared L3", 448, 3.57),
        new Urpc("amd-4x4", "one-hop", 545, 3.53), new Urpc("amd-4x4", "two-hop", 558, 3.51),
        new Urpc("amd-8x4", "shared L3", 538, 2.77), new Urpc("amd-8x4", "one-hop", 613, 2.79),
        new Urpc("amd-8x4", "two-hop", 618, 2.75));

    /** Table 1: same-core LRPC, cycles, by machine. */
    public static final List<Urpc> TABLE1 = List.of(new Urpc("intel-2x4", "same core", 845, Double.NaN),
        new Urpc("amd-2x2", "same core", 757, Double.NaN), new Urpc("amd-4x4", "same core", 1463, Double.NaN),
        new Urpc("amd-8x4", "same core", 1549, Double.NaN));

    private PaperNumbers()
    {
    }

    /** The Table 2 row of {@code machine} whose class is the {@code index}-th of that machine's, if any. */
    public static Optional<Urpc> table2(final String machine, final int index)
    {
        final List<Urpc> rows = TABLE2.stream().filter(r -> r.machine().equals(machine)).toList();
        return index < rows.size() ? Optional.of(rows.get(index)) : Optional.empty();
    }

    /** Fig. 3's published value of {@code series} at {@code cores}, or NaN where the figure has none. */
    public static double fig3(final String series, final int cores)
    {
        final int row = FIG3_SERIES.indexOf(series);
        for (int i = 0; i < FIG3_CORES.length; i++)
        {
            if (row >= 0 && FIG3_CORES[i] == cores)
            {
                return FIG3[row][i];
            }
        }
        return Double.NaN;
    }
}
