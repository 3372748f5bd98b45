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

    /** Fig. 6's cores, 2 to 32 (the 8x4-core AMD; read from the talk's slides, about ±100 cycles). */
    public static final double[] FIG6_CORES = {2, 4, 8, 12, 16, 20, 24, 28, 32};
    /** Fig. 6, cycles per shootdown round at {@link #FIG6_CORES}: broadcast, unicast, multicast, NUMA-aware multicast. */
    public static final double[][] FIG6 = {
        {1210, 1850, 3610, 5240, 6640, 8480, 10420, 11880, 13810},
        {1150, 1290, 1740, 2420, 4330, 6620, 8800, 10750, 12710},
        {1340, 1490, 2550, 2780, 3080, 3800, 4560, 4990, 4840},
        {1340, 1490, 2400, 2650, 2740, 2840, 2950, 3180, 3180}};
    /** Fig. 7's cores, 2 to 32 (about ±300 cycles). */
    public static final double[] FIG7_CORES = {2, 4, 6, 8, 12, 16, 20, 24, 28, 32};
    /** Fig. 7, cycles per unmap at {@link #FIG7_CORES}: Barrelfish, Linux, Windows. */
    public static final double[][] FIG7 = {
        {10500, 10600, 12000, 12900, 13400, 14200, 15200, 16200, 17000, 17600},
        {5400, 7200, 9000, 10400, 13300, 16000, 19400, 23100, 26300, 29500},
        {5900, 8900, 11700, 14100, 19400, 24200, 29700, 35100, 40300, 45800}};

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
