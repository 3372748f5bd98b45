package dev.flotilla.bench.rpc;

import dev.flotilla.bench.CpuPair;
import dev.flotilla.bench.channels.MachineInfo;
import dev.flotilla.bench.layouts.AlternatingBlocks;
import dev.flotilla.bench.threads.Footprint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The report of one {@code bench rpc} run: the machine, every measurement (JMH scores in ns and cycles at
 * both clock rates), and each target with its ratio and whether it was met. Pure: built from the results,
 * so a test can build one from made-up numbers.
 */
final class RpcReport
{
    /** One JMH score: mean and its 99.9% error, ns per operation. */
    record Score(double ns, double error)
    {
    }

    private final MachineInfo machine;
    private final String started;
    private final String loadAtStart;
    private final String loadAtEnd;
    private final boolean quick;
    private final CpuPair cpus;
    private final CycleClock.Rate rate;
    private final Map<String, Score> scores;
    private final AlternatingBlocks.Outcome blocks;
    private final Footprint.Result parked;
    private final ManyCallers.Result many;

    RpcReport(final MachineInfo machine, final String started, final String loadAtStart, final String loadAtEnd,
        final boolean quick, final CpuPair cpus, final CycleClock.Rate rate, final Collection<RunResult> jmh,
        final AlternatingBlocks.Outcome blocks, final Footprint.Result parked, final ManyCallers.Result many)
    {
        this(machine, started, loadAtStart, loadAtEnd, quick, cpus, rate, scores(jmh), blocks, parked, many);
    }

    RpcReport(final MachineInfo machine, final String started, final String loadAtStart, final String loadAtEnd,
        final boolean quick, final CpuPair cpus, final CycleClock.Rate rate, final Map<String, Score> scores,
        final AlternatingBlocks.Outcome blocks, final Footprint.Result parked, final ManyCallers.Result many)
    {
        this.machine = machine;
        this.started = started;
        this.loadAtStart = loadAtStart;
        this.loadAtEnd = loadAtEnd;
        this.quick = quick;
        this.cpus = cpus;
        this.rate = rate;
        this.scores = scores;
        this.blocks = blocks;
        this.parked = parked;
        this.many = many;
    }

    /** JMH results by short name: {@code Class.method}, with {@code [param]} where the benchmark has one. */
    static Map<String, Score> scores(final Collection<RunResult> results)
    {
        final Map<String, Score> byName = new LinkedHashMap<>();
        for (final RunResult run : results)
        {
            final String benchmark = run.getParams().getBenchmark();
            final String shortName = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            final String param = run.getParams().getParamsKeys().isEmpty() ? ""
                : "[" + run.getParams().getParam(run.getParams().getParamsKeys().iterator().next()) + "]";
            final Result<?> primary = run.getPrimaryResult();
            byName.put(shortName + param, new Score(primary.getScore(), primary.getScoreError()));
        }
        return byName;
    }

    private static final String LRPC_BLOCKING = "LrpcBenchmark.blockingCall";
    private static final String LRPC_SPLIT = "LrpcBenchmark.splitPhaseCall";
    private static final String LRPC_RAW = "LrpcBenchmark.rawLmpCall";
    private static final String STUB = "CrossCoreBenchmark.roundTrip[STUB_RPC]";
    private static final String RAW = "CrossCoreBenchmark.roundTrip[RAW_UMP]";
    private static final String SYNC = "CrossCoreBenchmark.roundTrip[SYNCHRONOUS_QUEUE]";
    private static final String EXCHANGER = "CrossCoreBenchmark.roundTrip[EXCHANGER]";
    private static final String ONE_STUB = "OneThreadRpcBenchmark.roundTrip[STUB_RPC]";
    private static final String ONE_RAW = "OneThreadRpcBenchmark.roundTrip[RAW_UMP]";
    private static final String ASK = "PekkoBenchmark.ask[PINNED]";
    private static final String TELL = "PekkoBenchmark.tell[PINNED]";
    private static final String ASK_SPIN = "PekkoBenchmark.ask[SPINNING]";
    private static final String TELL_SPIN = "PekkoBenchmark.tell[SPINNING]";
    private static final String ULT = "YieldBenchmark.userLevelThreadYield";
    private static final String VT = "YieldBenchmark.virtualThreadYield";
    private static final String VT1 = "YieldBenchmark.virtualThreadYieldOneCarrier";

    private static final Map<String, String> DESCRIPTIONS = descriptions();

    private static Map<String, String> descriptions()
    {
        final Map<String, String> d = new LinkedHashMap<>();
        d.put(LRPC_BLOCKING, "same-core LRPC, blocking stub in a user-level thread (round trip)");
        d.put(LRPC_SPLIT, "same-core LRPC, split-phase stub (round trip)");
        d.put(LRPC_RAW, "same-core round trip without stubs, raw LMP through the same dispatchers (no target)");
        d.put(STUB, "cross-core RPC through generated stubs, split-phase, UMP (round trip)");
        d.put(RAW, "cross-core raw UMP, the same messages by hand (round trip)");
        d.put(SYNC, "cross-core SynchronousQueue hand-off, two platform threads (round trip)");
        d.put(EXCHANGER, "cross-core Exchanger hand-off, two platform threads (round trip)");
        d.put(ONE_STUB, "diagnostic: stubs over UMP, both ends on one thread (code only, no target)");
        d.put(ONE_RAW, "diagnostic: raw UMP, both ends on one thread (code only, no target)");
        d.put(ASK, "Pekko typed ask, thread to actor on a PinnedDispatcher (round trip)");
        d.put(TELL, "Pekko typed tell ping-pong, actor to actor, each on a PinnedDispatcher (round trip)");
        d.put(ASK_SPIN, "Pekko typed ask, thread to actor on a spinning one-thread affinity pool (round trip)");
        d.put(TELL_SPIN, "Pekko typed tell ping-pong, each actor on a spinning one-thread affinity pool (round trip)");
        d.put(ULT, "user-level thread yield (ThreadScheduler: runReady -> yield -> runReady)");
        d.put(VT, "virtual thread Thread.yield(), default scheduler");
        d.put(VT1, "virtual thread Thread.yield(), one carrier thread");
        return d;
    }

    String markdown()
    {
        final StringBuilder s = new StringBuilder();
        s.append("\n## Run of ").append(started).append('\n');
        s.append(String.format(Locale.ROOT, "%n- Machine: %s; %d logical CPUs (%d usable), %s; %s%n", machine.cpuModel(),
            machine.logicalCpus(), machine.usableCpus(), machine.virtual() ? "virtual machine" : "no hypervisor flag",
            machine.os()));
        s.append("- JDK: ").append(machine.jdk()).append('\n');
        s.append("- Plan: ").append(quick ? "quick: JMH 1 fork, 3 x 1 s warm-up, 3 x 1 s measured; 10 s of alternating blocks"
            : "full: JMH 2 forks, 5 x 1 s warm-up, 5 x 1 s measured; 60 s of alternating blocks").append('\n');
        s.append("- CPUs: client ").append(cpus.first()).append(", server ").append(cpus.second()).append('\n');
        s.append("- Load average at start: ").append(loadAtStart).append("; at end: ").append(loadAtEnd).append('\n');
        s.append(String.format(Locale.ROOT, "- Clock: nominal %.3f GHz (/proc/cpuinfo), measured %.3f GHz (median of a"
            + " dependent shift-add chain's runs; %.3f-%.3f)%n", rate.nominalGhz(), rate.measuredGhz(), rate.measuredLowGhz(),
            rate.measuredHighGhz()));
        s.append("\n| measurement | ns | ± (99.9%) | cycles at measured GHz | cycles at nominal GHz |\n|---|---:|---:|---:|---:|\n");
        for (final Map.Entry<String, Score> e : scores.entrySet())
        {
            final Score score = e.getValue();
            s.append(String.format(Locale.ROOT, "| %s (`%s`) | %.1f | %.1f | %.0f | %.0f |%n",
                DESCRIPTIONS.getOrDefault(e.getKey(), e.getKey()), e.getKey(), score.ns(), score.error(),
                score.ns() * rate.measuredGhz(), score.ns() * rate.nominalGhz()));
        }
        s.append("\nAlternating blocks of ").append(RpcCommand.BLOCK).append(" round trips (").append(blocks.repetitions())
            .append(" measured repetitions; ").append(blocks.pinning()).append("; wrong answers: ")
            .append(blocks.wrongEchoes()).append("):\n\n| handoff | mean round trip ns | / raw UMP | quartiles |\n|---|---:|---:|---:|\n");
        for (final AlternatingBlocks.Row row : blocks.rows())
        {
            s.append(String.format(Locale.ROOT, "| %s | %.1f | %.3fx | %.3f-%.3f |%n", row.name(), row.meanNs(), row.ratio(),
                row.ratioLow(), row.ratioHigh()));
        }
        s.append(String.format(Locale.ROOT, "%nMemory: a parked thread with a shallow stack (`bench threads`' Footprint, %,d"
            + " threads): %d bytes allocated, %d bytes of live heap; %,d threads on one dispatcher, each in a blocking LRPC at"
            + " once: %d bytes allocated per blocked thread (everything its call holds), all %,d ran to completion: %s"
            + " (%,d answered right, %.1f ms, %,d CPU driver steps)%n",
            parked.threads(), parked.allocatedPerThread(), parked.retainedPerThread(), many.threads(), many.bytesPerBlocked(),
            many.threads(), many.completed() == many.threads() ? "yes" : "NO", many.completed(), many.nanos() / 1e6,
            many.steps()));
        s.append("\n### Targets\n\n");
        for (final String line : targets())
        {
            s.append("- ").append(line).append('\n');
        }
        return s.toString();
    }

    /** One line per target: MET or MISSED, the ratio, and what it compares. */
    List<String> targets()
    {
        final List<String> lines = new ArrayList<>();
        for (final String lrpc : List.of(LRPC_BLOCKING, LRPC_SPLIT))
        {
            final Score score = scores.get(lrpc);
            if (score != null)
            {
                final double cycles = score.ns() * rate.measuredGhz();
                lines.add(verdict(cycles <= RpcCommand.LRPC_CYCLES) + String.format(Locale.ROOT,
                    " - %s: %.0f cycles at %.3f GHz measured (%.0f at nominal), target <= %.0f: %.2fx the target; the"
                        + " paper's Table 1: 757-1,549 cycles", lrpc, cycles, rate.measuredGhz(), score.ns() * rate.nominalGhz(),
                    RpcCommand.LRPC_CYCLES, cycles / RpcCommand.LRPC_CYCLES));
            }
        }
        if (blocks.rows().size() > 1)
        {
            final AlternatingBlocks.Row stub = blocks.rows().get(1);
            lines.add(verdict(stub.ratio() <= RpcCommand.STUB_OVERHEAD) + String.format(Locale.ROOT,
                " - stubs over raw UMP, alternating blocks: %.3fx (quartiles %.3f-%.3f), target <= %.2fx", stub.ratio(),
                stub.ratioLow(), stub.ratioHigh(), RpcCommand.STUB_OVERHEAD));
        }
        ratio(lines, STUB, RAW, "stubs over raw UMP, separate JMH trials (for reference)", RpcCommand.STUB_OVERHEAD, false);
        ratio(lines, ONE_STUB, ONE_RAW, "stubs over raw UMP with both ends on one thread: the code's share (no target)",
            Double.NaN, false);
        ratio(lines, ASK, STUB, "Pekko ask (PinnedDispatcher) over Flotilla's cross-core RPC", RpcCommand.PEKKO_FACTOR, true);
        ratio(lines, TELL, STUB, "Pekko tell ping-pong (PinnedDispatcher) over Flotilla's cross-core RPC",
            RpcCommand.PEKKO_FACTOR, true);
        ratio(lines, ASK_SPIN, STUB, "Pekko ask (spinning affinity pool) over Flotilla's cross-core RPC",
            RpcCommand.PEKKO_FACTOR, true);
        ratio(lines, TELL_SPIN, STUB, "Pekko tell ping-pong (spinning affinity pool) over Flotilla's cross-core RPC",
            RpcCommand.PEKKO_FACTOR, true);
        ratio(lines, SYNC, STUB, "SynchronousQueue over Flotilla's cross-core RPC (no target)", Double.NaN, true);
        ratio(lines, EXCHANGER, STUB, "Exchanger over Flotilla's cross-core RPC (no target)", Double.NaN, true);
        ratio(lines, ULT, VT, "user-level thread yield over virtual thread yield (default scheduler)",
            RpcCommand.YIELD_FACTOR, false);
        ratio(lines, ULT, VT1, "user-level thread yield over virtual thread yield (one carrier)", RpcCommand.YIELD_FACTOR,
            false);
        lines.add(verdict(parked.allocatedPerThread() <= RpcCommand.PARKED_BYTES) + String.format(Locale.ROOT,
            " - heap per parked user-level thread, shallow stack: %d bytes, target <= %d", parked.allocatedPerThread(),
            RpcCommand.PARKED_BYTES));
        lines.add(verdict(many.completed() == many.threads()) + String.format(Locale.ROOT,
            " - %,d threads on one dispatcher run to completion: %,d of %,d", many.threads(), many.completed(),
            many.threads()));
        return lines;
    }

    /**
     * Adds {@code top / bottom} against {@code limit}: at least {@code limit} if {@code atLeast}, else at most;
     * no verdict for a NaN limit.
     */
    private void ratio(final List<String> lines, final String top, final String bottom, final String what,
        final double limit, final boolean atLeast)
    {
        final Score a = scores.get(top);
        final Score b = scores.get(bottom);
        if (a == null || b == null)
        {
            return;
        }
        final double r = a.ns() / b.ns();
        if (Double.isNaN(limit))
        {
            lines.add(String.format(Locale.ROOT, "%s: %.2fx (%.1f / %.1f ns)", what, r, a.ns(), b.ns()));
            return;
        }
        lines.add(verdict(atLeast ? r >= limit : r <= limit) + String.format(Locale.ROOT, " - %s: %.2fx (%.1f / %.1f ns),"
            + " target %s %.2fx", what, r, a.ns(), b.ns(), atLeast ? ">=" : "<=", limit));
    }

    private static String verdict(final boolean met)
    {
        return met ? "**MET**" : "**MISSED**";
    }
}
