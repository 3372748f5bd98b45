package dev.flotilla.bench.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.bench.BenchMain;
import dev.flotilla.bench.CpuPair;
import dev.flotilla.platform.linux.Affinity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options, ratios, verdicts and the results document, from made-up measurements. */
class ReportingTest
{
    private static Measurement m(final Transport t, final double median, final double rate)
    {
        return new Measurement(t, median, median * 1.5, median - 5, median * 1.1, median * 3, 1000, rate, rate - 1,
            rate + 1, 10);
    }

    private static final PairLog NO_PAIRS = PairLog.parse(List.of());

    private static final List<Measurement> RUN = List.of(
        m(Transport.FLOOR, 100, Double.NaN),
        m(Transport.UMP, 120, 30),
        m(Transport.UMP_WAKEUP, 150, 20),
        m(Transport.JCTOOLS, 140, 25),
        m(Transport.AGRONA, 130, 10),
        m(Transport.ABQ, 400, 1));

    @Test
    void ratiosAreToTheFloorAndToTheBestPeerOfEachColumn()
    {
        final ResultTable table = new ResultTable(RUN, NO_PAIRS);
        assertEquals(Transport.AGRONA, table.bestPeerRtt().orElseThrow().transport());
        assertEquals(Transport.JCTOOLS, table.bestPeerRate().orElseThrow().transport());
        assertEquals(1.2, table.rttVsFloor(RUN.get(1)), 1e-9);
        assertEquals(120.0 / 130, table.rttVsBestPeer(RUN.get(1)), 1e-9);
        assertEquals(30.0 / 25, table.rateVsBestPeer(RUN.get(1)), 1e-9);
    }

    @Test
    void eachUmpVariantGetsThreeVerdicts()
    {
        final List<ResultTable.Target> targets = new ResultTable(RUN, NO_PAIRS).targets();
        assertEquals(6, targets.size());
        assertTrue(targets.subList(0, 3).stream().allMatch(ResultTable.Target::met), targets.toString());
        assertEquals(List.of(false, false, false),
            targets.subList(3, 6).stream().map(ResultTable.Target::met).toList(), "UMP + wake-up check: 1.5x, "
                + "slower than Agrona, slower than JCTools");
        final String console = new ResultTable(RUN, NO_PAIRS).console();
        assertTrue(console.contains("MISSED  UMP + wake-up check: round trip <= 1.25x the floor: 1.50x"), console);
        assertTrue(console.contains("Agrona OneToOneRingBuffer"), console);
    }

    @Test
    void alternatingBlocksJudgeUmpAgainTheFloorAndTheWorstPairedPeer()
    {
        final PairLog pairs = PairLog.parse(List.of(
            "ROUND_TRIP\tFLOOR\t100\t200.0\t140.0\t1.40", "ROUND_TRIP\tFLOOR\t100\t210.0\t150.0\t1.30",
            "ROUND_TRIP\tFLOOR\t100\t190.0\t130.0\t1.50", "ROUND_TRIP\tBARE_RING\t100\t200.0\t180.0\t1.10",
            "ROUND_TRIP\tAGRONA\t100\t200.0\t180.0\t1.12", "ROUND_TRIP\tJCTOOLS\t100\t200.0\t220.0\t0.90",
            "ROUND_TRIP\tABQ\t0\t0\t0\tNaN"));
        final ResultTable table = new ResultTable(RUN, pairs);
        final PairLog.Pairing floor = table.paired(Transport.FLOOR).orElseThrow();
        assertEquals(1.40, floor.ratio(), 1e-9);
        assertEquals(1.30, floor.low(), 1e-9);
        assertEquals(3, floor.forks());
        assertEquals(Transport.AGRONA, table.bestPairedPeer().orElseThrow());
        assertTrue(table.paired(Transport.ABQ).isEmpty(), "a fork that measured nothing is left out");
        final List<ResultTable.Target> paired = table.targets().subList(6, 8);
        assertEquals("round trip <= 1.25x the floor, in alternating blocks", paired.get(0).claim());
        assertFalse(paired.get(0).met());
        assertEquals("round trip <= best peer's (Agrona OneToOneRingBuffer), in alternating blocks",
            paired.get(1).claim());
        assertEquals(1.12, paired.get(1).ratio(), 1e-9);
        assertTrue(table.console().contains("1.40x"), table.console());
    }

    @Test
    void alternatingStreamingBlocksJudgeUmpsThroughputAgainstThePeerItFaresWorstAgainst(@TempDir final Path dir)
        throws IOException
    {
        final PairLog pairs = PairLog.parse(List.of(
            "STREAMING\tDISRUPTOR\t50\t40.0\t32.0\t1.25", "STREAMING\tDISRUPTOR\t50\t40.0\t36.0\t1.11",
            "STREAMING\tJCTOOLS\t50\t40.0\t50.0\t0.80", "STREAMING\tUMP_COPYING\t50\t40.0\t30.0\t1.33",
            "ROUND_TRIP\tDISRUPTOR\t100\t200.0\t400.0\t0.50"));
        final ResultTable table = new ResultTable(RUN, pairs);
        assertEquals(Transport.DISRUPTOR, table.bestPairedPeer(PairLog.Kind.STREAMING).orElseThrow(),
            "UMP_COPYING is not a peer");
        assertEquals(0.50, table.paired(Transport.DISRUPTOR).orElseThrow().ratio(), 1e-9, "kinds are kept apart");
        final ResultTable.Target target = table.targets().getLast();
        assertEquals("throughput >= best peer's (LMAX Disruptor), in alternating blocks", target.claim());
        assertEquals(1 / 1.18, target.ratio(), 1e-9, "the median of the two forks' ratios, inverted");
        assertFalse(target.met());
        assertTrue(table.pairedStreaming(Transport.ABQ).isEmpty());
        final String section = new ChannelsReport(RunPlan.QUICK, "cmd", ZonedDateTime.now(ZoneOffset.UTC),
            MachineInfo.probe(), "0 0 0", "0 0 0", PinLog.read(dir.resolve("none.tsv")), new TimerCost.Clock(20, 10), table)
            .pairedStreamingTable();
        assertTrue(section.contains("| LMAX Disruptor | 25.0 | 29.4 | 0.85x | 0.80-0.90x | 2, 100 |"), section);
    }

    @Test
    void withoutTheFloorOrPeersThereIsNothingToJudge()
    {
        assertTrue(new ResultTable(List.of(m(Transport.UMP, 120, 30)), NO_PAIRS).targets().isEmpty());
    }

    @Test
    void optionsChooseThePlanTheTransportsAndTheDocument()
    {
        final ChannelsOptions options = ChannelsOptions.parse(
            new String[] {"--quick", "--transports", "abq, ump,floor", "--no-doc"});
        assertEquals(RunPlan.QUICK, options.plan());
        assertEquals(List.of(Transport.FLOOR, Transport.UMP, Transport.ABQ), options.transports());
        assertNull(options.doc());
        final ChannelsOptions defaults = ChannelsOptions.parse(new String[0]);
        assertEquals(RunPlan.FULL, defaults.plan());
        assertEquals(Transport.all(), defaults.transports());
        assertEquals(ChannelsOptions.DEFAULT_DOC, defaults.doc());
        assertFalse(defaults.help());
        assertEquals(RunPlan.QUICK.withRounds(3),
            ChannelsOptions.parse(new String[] {"--rounds", "3", "--quick"}).plan());
        assertNull(defaults.cpus());
        assertEquals(new CpuPair(0, 15), ChannelsOptions.parse(new String[] {"--cpus", "0,15"}).cpus());
    }

    @Test
    void aBadCpuPairIsRefusedWithTheAcceptedForm()
    {
        assertEquals("--cpus needs two CPU numbers such as 0,1, not '0'", assertThrows(IllegalArgumentException.class,
            () -> ChannelsOptions.parse(new String[] {"--cpus", "0"})).getMessage());
        assertEquals("--cpus needs two different CPUs, not 1 twice", assertThrows(IllegalArgumentException.class,
            () -> ChannelsOptions.parse(new String[] {"--cpus", "1,1"})).getMessage());
        final BitSet allowed = Affinity.allowedCpus();
        if (!allowed.isEmpty())
        {
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int outside = allowed.nextClearBit(0);
            final int status = new ChannelsCommand().run(new String[] {"--cpus", allowed.nextSetBit(0) + "," + outside,
                "--no-doc"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
                StandardCharsets.UTF_8));
            assertEquals(BenchMain.USAGE, status);
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("channels: CPU " + outside
                + " is not one this process may use"), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void forksGetTheFlagsTheBuildRecorded()
    {
        final List<String> flags = ChannelsCommand.forkFlags();
        assertTrue(flags.contains("--enable-native-access=ALL-UNNAMED"), flags.toString());
        assertTrue(flags.contains("--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"), flags.toString());
    }

    @Test
    void theDocumentKeepsWhatPeopleWroteAndReplacesTheGeneratedBlock(@TempDir final Path dir) throws IOException
    {
        final Path doc = dir.resolve("results").resolve("channels.md");
        ResultsDocument.update(doc, "first run");
        final String created = Files.readString(doc);
        assertTrue(created.startsWith("# Channels"), created);
        assertTrue(created.contains(ResultsDocument.BEGIN + "\nfirst run\n" + ResultsDocument.END), created);

        Files.writeString(doc, "# Title\n\nMethod.\n\n" + ResultsDocument.BEGIN + "\nold\n" + ResultsDocument.END
            + "\n\n## Analysis\n\nWhy.\n");
        ResultsDocument.update(doc, "second run\n");
        assertEquals("# Title\n\nMethod.\n\n" + ResultsDocument.BEGIN + "\nsecond run\n" + ResultsDocument.END
            + "\n\n## Analysis\n\nWhy.\n", Files.readString(doc));

        Files.writeString(doc, "# Notes only\n");
        ResultsDocument.update(doc, "third run");
        assertEquals("# Notes only\n\n" + ResultsDocument.BEGIN + "\nthird run\n" + ResultsDocument.END + "\n",
            Files.readString(doc));
    }

    @Test
    void theReportSaysWhereWhenAndHowAndSplitsUmpsRoundTrip(@TempDir final Path dir) throws IOException
    {
        final List<Measurement> run = List.of(m(Transport.FLOOR, 100, Double.NaN), m(Transport.BARE_RING, 150,
            Double.NaN), m(Transport.UMP, 180, 30), m(Transport.AGRONA, 160, 20));
        final ChannelsReport report = new ChannelsReport(RunPlan.FULL, "java -jar flotilla-bench.jar channels",
            ZonedDateTime.of(2026, 11, 26, 12, 0, 0, 0, ZoneOffset.UTC),
            new MachineInfo("AMD EPYC", 2, 2, true, "Linux 6.18 amd64", "OpenJDK 25"), "0.10 0.20 0.30",
            "1.00 1.10 1.20", PinLog.read(dir.resolve("none.tsv")), new TimerCost.Clock(20, 10),
            new ResultTable(run, NO_PAIRS));
        final String text = report.markdown();
        for (final String expected : List.of("- Date: 2026-11-26T12:00:00Z", "`java -jar flotilla-bench.jar channels`",
            "AMD EPYC; 2 logical CPUs (2 usable by the JVM), virtual machine", "at start: 0.10 0.20 0.30",
            "| UMP (busy-poll receiver) | 180 | 270 |", "**MISSED** - UMP (busy-poll receiver): round trip <= 1.25x "
                + "the floor: 1.80x (2.00x with one clock read taken off both)",
            "**MET** - UMP (busy-poll receiver): throughput >= best peer's (Agrona OneToOneRingBuffer): 1.50x",
            "bare ring with UMP's layout 150 ns (+50 ns", "UMP 180 ns (+30 ns more: UMP's code, 1.20x the bare ring)",
            "slowest round had a round-trip median 1.14x its fastest round's for the typical transport", "vCPUs"))
        {
            assertTrue(text.contains(expected), expected + " in:\n" + text);
        }
    }

    @Test
    void thePinLogSaysWhetherEveryThreadWasPinned(@TempDir final Path dir) throws IOException
    {
        final Path log = dir.resolve("pins.tsv");
        Files.writeString(log, """
            pin\tPingPongBenchmark\tUMP\tping\t0\t1\t
            pin\tPingPongBenchmark\tUMP\techo\t1\t1\t
            end\tPingPongBenchmark\tUMP\tping\t0\t0\t
            end\tPingPongBenchmark\tUMP\techo\t1\t0\t
            """);
        final PinLog pins = PinLog.read(log);
        assertTrue(pins.allPinned());
        assertEquals("yes: 2 of 2 benchmark threads pinned, each to its own CPU (CPUs [0, 1], confirmed by reading "
            + "the affinity mask back); 1 of 2 pinned threads were still on their CPU at the end of their trial",
            pins.describe());

        Files.writeString(log, "pin\tStreamingBenchmark\tABQ\tproduce\t-1\t0\tonly 1 CPU(s) allowed: {0}\n");
        assertFalse(PinLog.read(log).allPinned());
        assertTrue(PinLog.read(log).describe().contains("not pinned: StreamingBenchmark ABQ produce: only 1 CPU"));
        assertFalse(PinLog.read(dir.resolve("absent.tsv")).allPinned());
    }
}
