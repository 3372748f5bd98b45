package dev.flotilla.bench.channels;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The side-by-side table: each transport's round trip and throughput, and its ratios to the floor
 * and to the best peer (the fastest of JCTools, Agrona, the Disruptor and the blocking queue in
 * each column), followed by the targets for UMP, each met or missed. Ratios and targets use
 * each transport's medians over rounds ({@link Measurement}), and again UMP's round trip and
 * throughput measured in alternating blocks against each other transport
 * ({@link PairedRoundTripBenchmark}, {@link PairedStreamingBenchmark}).
 */
final class ResultTable
{
    /** UMP's round trip may be at most this many times the floor's. */
    static final double FLOOR_TARGET = 1.25;

    private final List<Measurement> rows;
    private final PairLog pairs;
    private final Optional<Measurement> floor;
    private final Optional<Measurement> bestPeerRtt;
    private final Optional<Measurement> bestPeerRate;

    ResultTable(final Collection<Measurement> measurements, final PairLog pairs)
    {
        rows = List.copyOf(measurements);
        this.pairs = pairs;
        floor = rows.stream().filter(m -> m.transport() == Transport.FLOOR && !Double.isNaN(m.rttMedian()))
            .findFirst();
        bestPeerRtt = peers().filter(m -> !Double.isNaN(m.rttMedian()))
            .min(Comparator.comparingDouble(Measurement::rttMedian));
        bestPeerRate = peers().filter(m -> !Double.isNaN(m.rate()))
            .max(Comparator.comparingDouble(Measurement::rate));
    }

    /** One target for one UMP variant. */
    record Target(Transport transport, String claim, double ratio, boolean met)
    {
        String verdict()
        {
            return met ? "MET" : "MISSED";
        }
    }

    /** The best peer's round trip, if any peer ran. */
    Optional<Measurement> bestPeerRtt()
    {
        return bestPeerRtt;
    }

    /** The best peer's throughput, if any peer streamed. */
    Optional<Measurement> bestPeerRate()
    {
        return bestPeerRate;
    }

    Optional<Measurement> floor()
    {
        return floor;
    }

    List<Measurement> rows()
    {
        return rows;
    }

    /** Round-trip median over the floor's, or NaN. */
    double rttVsFloor(final Measurement m)
    {
        return floor.map(f -> m.rttMedian() / f.rttMedian()).orElse(Double.NaN);
    }

    /** Round-trip median over the best peer's (below 1 is faster), or NaN. */
    double rttVsBestPeer(final Measurement m)
    {
        return bestPeerRtt.map(p -> m.rttMedian() / p.rttMedian()).orElse(Double.NaN);
    }

    /** Throughput over the best peer's (above 1 is faster), or NaN. */
    double rateVsBestPeer(final Measurement m)
    {
        return bestPeerRate.map(p -> m.rate() / p.rate()).orElse(Double.NaN);
    }

    /** UMP against {@code other} in alternating blocks, if that pair ran. */
    Optional<PairLog.Pairing> paired(final Transport other)
    {
        return pairs.against(other);
    }

    /** UMP's streaming against {@code other}'s in alternating blocks, if that pair ran. */
    Optional<PairLog.Pairing> pairedStreaming(final Transport other)
    {
        return pairs.against(PairLog.Kind.STREAMING, other);
    }

    /** The peer UMP's round trip fares worst against in alternating blocks (the highest UMP / peer ratio). */
    Optional<Transport> bestPairedPeer()
    {
        return bestPairedPeer(PairLog.Kind.ROUND_TRIP);
    }

    /** The peer UMP fares worst against in alternating blocks of {@code kind}, if any ran. */
    Optional<Transport> bestPairedPeer(final PairLog.Kind kind)
    {
        return Transport.all().stream()
            .filter(t -> t.kind() == Transport.Kind.PEER && pairs.against(kind, t).isPresent())
            .max(Comparator.comparingDouble(t -> pairs.against(kind, t).orElseThrow().ratio()));
    }

    /**
     * The three targets for each UMP variant that ran, where the reference ran too, from
     * the medians over rounds; then the two round-trip targets for UMP again from the alternating blocks.
     */
    List<Target> targets()
    {
        final List<Target> targets = new ArrayList<>();
        for (final Measurement m : rows)
        {
            if (m.transport().kind() != Transport.Kind.UMP)
            {
                continue;
            }
            final double floorRatio = rttVsFloor(m);
            if (!Double.isNaN(floorRatio))
            {
                targets.add(new Target(m.transport(), "round trip <= %.2fx the floor".formatted(FLOOR_TARGET),
                    floorRatio, floorRatio <= FLOOR_TARGET));
            }
            final double peerRtt = rttVsBestPeer(m);
            if (!Double.isNaN(peerRtt))
            {
                targets.add(new Target(m.transport(), "round trip <= best peer's (" + bestPeerRtt.get().transport()
                    .label() + ")", peerRtt, peerRtt <= 1.0));
            }
            final double peerRate = rateVsBestPeer(m);
            if (!Double.isNaN(peerRate))
            {
                targets.add(new Target(m.transport(), "throughput >= best peer's (" + bestPeerRate.get().transport()
                    .label() + ")", peerRate, peerRate >= 1.0));
            }
        }
        pairs.against(Transport.FLOOR).ifPresent(p -> targets.add(new Target(Transport.UMP,
            "round trip <= %.2fx the floor, in alternating blocks".formatted(FLOOR_TARGET), p.ratio(),
            p.ratio() <= FLOOR_TARGET)));
        bestPairedPeer().ifPresent(peer ->
        {
            final double ratio = pairs.against(peer).orElseThrow().ratio();
            targets.add(new Target(Transport.UMP, "round trip <= best peer's (" + peer.label()
                + "), in alternating blocks", ratio, ratio <= 1.0));
        });
        bestPairedPeer(PairLog.Kind.STREAMING).ifPresent(peer ->
        {
            // the pairing times blocks of messages, so the peer's time over UMP's is UMP's throughput over the peer's
            final double rate = 1 / pairs.against(PairLog.Kind.STREAMING, peer).orElseThrow().ratio();
            targets.add(new Target(Transport.UMP, "throughput >= best peer's (" + peer.label()
                + "), in alternating blocks", rate, rate >= 1.0));
        });
        return targets;
    }

    /** The table in fixed-width columns for a terminal. */
    String console()
    {
        final List<String[]> cells = cells();
        final int[] width = new int[cells.get(0).length];
        for (final String[] row : cells)
        {
            for (int c = 0; c < row.length; c++)
            {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        final StringBuilder text = new StringBuilder();
        for (int r = 0; r < cells.size(); r++)
        {
            final String[] row = cells.get(r);
            for (int c = 0; c < row.length; c++)
            {
                final String format = c == 0 ? "%-" + width[c] + "s" : "  %" + width[c] + "s";
                text.append(String.format(format, row[c]));
            }
            text.append('\n');
            if (r == 0)
            {
                text.append("-".repeat(text.length() - 1)).append('\n');
            }
        }
        for (final Target t : targets())
        {
            text.append(String.format(Locale.ROOT, "%-6s  %s: %s: %.2fx%n", t.verdict(), t.transport().label(),
                t.claim(), t.ratio()));
        }
        return text.toString();
    }

    /** The table as Markdown. */
    String markdown()
    {
        final List<String[]> cells = cells();
        final StringBuilder text = new StringBuilder();
        for (int r = 0; r < cells.size(); r++)
        {
            text.append("| ").append(String.join(" | ", cells.get(r))).append(" |\n");
            if (r == 0)
            {
                text.append("|---").append("|---:".repeat(cells.get(r).length - 1)).append("|\n");
            }
        }
        return text.toString();
    }

    private List<String[]> cells()
    {
        final List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"Transport", "RTT p50 ns", "RTT p99 ns", "p50 over rounds", "msgs/us",
            "msgs/us over rounds", "1-thread ns", "p50 / floor", "p50 / best peer", "tput / best peer",
            "UMP / this, paired", "UMP tput / this, paired"});
        for (final Measurement m : rows)
        {
            cells.add(new String[] {
                m.transport().label(),
                number(m.rttMedian(), "%.0f"),
                number(m.rttP99(), "%.0f"),
                range(m.rttLow(), m.rttHigh(), "%.0f"),
                number(m.rate(), "%.1f"),
                range(m.rateLow(), m.rateHigh(), "%.1f"),
                number(m.sendReceive(), "%.1f"),
                ratio(m, this::rttVsFloor),
                ratio(m, this::rttVsBestPeer),
                ratio(m, this::rateVsBestPeer),
                pairs.against(m.transport()).map(p -> number(p.ratio(), "%.2fx")).orElse("-"),
                pairedStreaming(m.transport()).map(p -> number(1 / p.ratio(), "%.2fx")).orElse("-")});
        }
        return cells;
    }

    private Stream<Measurement> peers()
    {
        return rows.stream().filter(m -> m.transport().kind() == Transport.Kind.PEER);
    }

    private static String ratio(final Measurement m, final Function<Measurement, Double> ratio)
    {
        return number(ratio.apply(m), "%.2fx");
    }

    private static String range(final double low, final double high, final String format)
    {
        return Double.isNaN(low) ? "-" : number(low, format) + "-" + number(high, format);
    }

    private static String number(final double value, final String format)
    {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
    }

}
