package dev.flotilla.bench.channels;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The generated part of {@code docs/results/channels.md}: when, how and where the run happened,
 * the table, the targets, and how much the numbers moved between iterations.
 *
 * @param plan       the JMH plan that ran.
 * @param command    the command line that started the run.
 * @param started    when it started.
 * @param machine    the machine and JDK.
 * @param loadBefore load averages when the run started.
 * @param loadAfter  load averages when it ended.
 * @param pins       what the forks said about pinning.
 * @param clock      the cost and step of the clock that timed the round trips.
 * @param table      the results.
 */
record ChannelsReport(RunPlan plan, String command, ZonedDateTime started, MachineInfo machine, String loadBefore,
    String loadAfter, PinLog pins, TimerCost.Clock clock, ResultTable table)
{
    /** The Markdown block. */
    String markdown()
    {
        final StringBuilder text = new StringBuilder();
        text.append("## Latest run\n\n");
        text.append("- Date: ").append(started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        text.append("- Command: `").append(command).append("`\n");
        text.append("- Plan: ").append(plan.describe()).append('\n');
        text.append("- Machine: ").append(machine.describe()).append('\n');
        text.append("- JDK: ").append(machine.jdk()).append('\n');
        text.append("- Load average (1, 5, 15 min) at start: ").append(loadBefore).append("; at end: ")
            .append(loadAfter).append('\n');
        text.append("- Pinning: ").append(pins.describe()).append('\n');
        text.append("- Clock: ").append(describeClock()).append('\n');
        text.append('\n').append(table.markdown()).append('\n');
        text.append("Each transport ran once per round, in a fresh JVM. RTT p50 / p99: round trip of one 56-byte "
            + "message each way, JMH sample-time mode, median over rounds of each round's median and 99th "
            + "percentile; *over rounds*: the lowest and highest round's median. msgs/us: streaming throughput at "
            + "the consumer, median over rounds, and the lowest and highest round. 1-thread ns: one pinned thread "
            + "sends each message and receives it itself, so no line crosses cores: the code's share, ns per "
            + "message. Ratios: p50 / floor and p50 / best peer below 1 are faster; tput / best peer above 1 is "
            + "faster; the best peer is the fastest peer in that column. UMP / this, paired (round trip, below 1 "
            + "is faster) and UMP tput / this, paired (throughput, above 1 is faster): see the sections on "
            + "alternating blocks.\n\n");
        text.append("### Targets\n\n");
        if (table.targets().isEmpty())
        {
            text.append("Not evaluated: the run did not include UMP together with the floor or a peer.\n");
        }
        for (final ResultTable.Target t : table.targets())
        {
            text.append(String.format(Locale.ROOT, "- **%s** - %s: %s: %.2fx", t.verdict(), t.transport().label(),
                t.claim(), t.ratio()));
            if (t.claim().equals("round trip <= %.2fx the floor".formatted(ResultTable.FLOOR_TARGET)))
            {
                text.append(String.format(Locale.ROOT, " (%.2fx with one clock read taken off both)",
                    withoutTimer(t.transport())));
            }
            text.append('\n');
        }
        final String paired = pairedTable();
        if (!paired.isEmpty())
        {
            text.append("\n### UMP against each transport, in alternating blocks\n\n").append(paired);
        }
        final String streaming = pairedStreamingTable();
        if (!streaming.isEmpty())
        {
            text.append("\n### UMP's throughput against each transport, in alternating blocks\n\n").append(streaming);
        }
        decomposition().ifPresent(d -> text.append("\n### Where UMP's round trip goes\n\n").append(d).append('\n'));
        text.append("\n### Variance\n\n").append(variance()).append('\n');
        return text.toString();
    }

    /** The UMP variant's floor ratio after subtracting one clock read from both medians. */
    double withoutTimer(final Transport transport)
    {
        final Measurement floor = table.floor().orElseThrow();
        final Measurement m = row(transport).orElseThrow();
        return (m.rttMedian() - clock.costNs()) / (floor.rttMedian() - clock.costNs());
    }

    /** One line on the clock. */
    String describeClock()
    {
        return String.format(Locale.ROOT, "one System.nanoTime() costs %.1f ns and the clock moves in steps of "
            + "about %d ns here; every round-trip sample includes about one read and is a multiple of the step",
            clock.costNs(), clock.stepNs());
    }

    /** The alternating-block pairings as a Markdown table, or an empty string if none ran. */
    String pairedTable()
    {
        final StringBuilder text = new StringBuilder();
        for (final Transport t : Transport.all())
        {
            table.paired(t).ifPresent(p -> text.append(String.format(Locale.ROOT,
                "| %s | %.0f | %.0f | %.2fx | %.2f-%.2fx | %d, %d |%n", t.label(), p.umpNs(), p.otherNs(), p.ratio(),
                p.low(), p.high(), p.forks(), p.blocks())));
        }
        if (text.isEmpty())
        {
            return "";
        }
        return "Both links in one fork, driven by the same two pinned threads: " + PairedRoundTripBenchmark.BLOCK
            + " round trips over UMP, then " + PairedRoundTripBenchmark.BLOCK + " over the other transport, over "
            + "and over; a block's time over its round trips is a mean round trip, including one clock read per "
            + "block only. UMP / it: the median over neighbouring block pairs of UMP's time over the other's, "
            + "median over rounds (below 1 UMP is faster). Both sides of a pair share whatever placement and "
            + "load the machine had at that moment, so these ratios hold up where the best-round ones cannot.\n\n"
            + "| Paired with | UMP mean RTT ns | its mean RTT ns | UMP / it | range over rounds "
            + "| rounds, block pairs |\n"
            + "|---|---:|---:|---:|---:|---:|\n" + text;
    }

    /** The alternating-block streaming pairings as a Markdown table, or an empty string if none ran. */
    String pairedStreamingTable()
    {
        final StringBuilder text = new StringBuilder();
        for (final Transport t : Transport.all())
        {
            table.pairedStreaming(t).ifPresent(p -> text.append(String.format(Locale.ROOT,
                "| %s | %.1f | %.1f | %.2fx | %.2f-%.2fx | %d, %d |%n", t.label(), 1000 / p.umpNs(),
                1000 / p.otherNs(), 1 / p.ratio(), 1 / p.high(), 1 / p.low(), p.forks(), p.blocks())));
        }
        if (text.isEmpty())
        {
            return "";
        }
        return "Both links in one fork, driven by the same two pinned threads: the producer streams "
            + PairedStreamingBenchmark.BLOCK + " messages over UMP, then " + PairedStreamingBenchmark.BLOCK
            + " over the other transport, over and over, and the consumer times each block. UMP / it: the "
            + "median over neighbouring block pairs of the other's time over UMP's, that is UMP's throughput "
            + "over the other's, median over rounds (above 1 UMP is faster).\n\n"
            + "| Paired with | UMP msgs/us | its msgs/us | UMP / it | range over rounds | rounds, block pairs |\n"
            + "|---|---:|---:|---:|---:|---:|\n" + text;
    }

    /** Floor to bare ring to UMP, from the alternating blocks when they ran, else from the medians over rounds. */
    Optional<String> decomposition()
    {
        final Optional<PairLog.Pairing> floorPair = table.paired(Transport.FLOOR);
        final Optional<PairLog.Pairing> barePair = table.paired(Transport.BARE_RING);
        if (floorPair.isPresent() && barePair.isPresent())
        {
            final double floor = floorPair.get().ratio();
            final double bare = barePair.get().ratio();
            return Optional.of(String.format(Locale.ROOT, "In alternating blocks UMP's round trip is %.2fx the "
                + "floor's and %.2fx the bare ring's. So one line per message per direction instead of one line "
                + "migrating back and forth (floor to bare ring) costs about %.2fx, and UMP's code on top of its "
                + "layout (bare ring to UMP) %.2fx.", floor, bare, floor / bare, bare));
        }
        final Optional<Measurement> bare = row(Transport.BARE_RING);
        final Optional<Measurement> ump = row(Transport.UMP);
        if (table.floor().isEmpty() || bare.isEmpty() || ump.isEmpty())
        {
            return Optional.empty();
        }
        final double floor = table.floor().get().rttMedian();
        return Optional.of(String.format(Locale.ROOT, "Medians over rounds: floor %.0f ns; bare ring with UMP's "
            + "layout %.0f ns (%+.0f ns: one line per message per direction instead of one line migrating back "
            + "and forth); UMP %.0f ns (%+.0f ns more: UMP's code, %.2fx the bare ring).", floor,
            bare.get().rttMedian(), bare.get().rttMedian() - floor, ump.get().rttMedian(),
            ump.get().rttMedian() - bare.get().rttMedian(), ump.get().rttMedian() / bare.get().rttMedian()));
    }

    private Optional<Measurement> row(final Transport transport)
    {
        return table.rows().stream().filter(r -> r.transport() == transport && !Double.isNaN(r.rttMedian()))
            .findFirst();
    }

    private String variance()
    {
        final List<Double> spreads = new ArrayList<>();
        final List<Double> rateSpreads = new ArrayList<>();
        double outlier = 0;
        for (final Measurement m : table.rows())
        {
            if (!Double.isNaN(m.rttMedian()))
            {
                spreads.add(m.rttHigh() / m.rttLow());
                outlier = Math.max(outlier, m.rttWorstIteration() / m.rttMedian());
            }
            if (!Double.isNaN(m.rate()))
            {
                rateSpreads.add(m.rateHigh() / m.rateLow());
            }
        }
        final StringBuilder text = new StringBuilder();
        if (!spreads.isEmpty() && plan.rounds() > 1)
        {
            spreads.sort(null);
            text.append(String.format(Locale.ROOT, "A transport's slowest round had a round-trip median %.2fx its "
                + "fastest round's for the typical transport (%.2fx at worst)", spreads.get(spreads.size() / 2),
                spreads.getLast()));
            if (!rateSpreads.isEmpty())
            {
                rateSpreads.sort(null);
                text.append(String.format(Locale.ROOT, "; for throughput the best round was %.2fx the worst "
                    + "(%.2fx at worst)", rateSpreads.get(rateSpreads.size() / 2), rateSpreads.getLast()));
            }
            text.append(". Differences between transports smaller than that, in the per-transport columns, are "
                + "noise; the alternating-block ratios are much tighter (their range over rounds is given).");
        }
        text.append(String.format(Locale.ROOT, " The slowest single %d ms iteration had a median %.1fx its "
            + "transport's.", plan.measurementMillis(), outlier));
        if (machine.usableCpus() <= 4)
        {
            text.append(" With only ").append(machine.usableCpus()).append(" CPUs the two pinned benchmark threads "
                + "share them with the JIT compiler, the garbage collector, JMH's own threads and anything else on "
                + "the host");
            text.append(machine.virtual() ? ", and the CPUs are virtual: the hypervisor may deschedule or move "
                + "them, and two vCPUs may be hyperthreads of one core or sit on different dies." : ".");
        }
        if (plan.rounds() == 1)
        {
            text.append(" This was one round, one fork per transport: JIT and placement luck of a single JVM, and "
                + "whatever else ran on the machine during that transport's few seconds, are not averaged out.");
        }
        return text.toString().strip();
    }
}
