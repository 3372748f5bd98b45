package dev.flotilla.bench.paper;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.monitor.BootOutcome;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.CoreBooter;
import dev.flotilla.monitor.Monitor;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.monitor.agreement.Fanout;
import dev.flotilla.monitor.agreement.Participant;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.skb.RouteNode;
import dev.flotilla.skb.Strategy;
import dev.flotilla.skb.SystemKnowledgeBase;
import dev.flotilla.urpc.Interconnect;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Fig. 8 through the OS: the system boots (CPU drivers, monitors, the full mesh) and a boot task on core 0 has
 * core 0's monitor coordinate two-phase commit rounds over every core ({@code Agreement.twoPhase}), along each of
 * the SKB's four trees cut down to the booted cores ({@link Fanout#restrict}). Each core's monitor takes part
 * through a table whose participant votes yes and applies nothing. Per tree, first {@code single} rounds one at a
 * time (each started by the completion of the one before; its latency is start to completion on core 0), then
 * {@code batches} batches of {@code pipelined} rounds started at once (their cost per round is the median
 * batch's span, start to its last completion, over the rounds). Each tree's measured rounds follow {@code warmUp} unmeasured ones. Times are the platform's: virtual on the
 * simulator.
 *
 * <pre>
 *   task(0) ── twoPhase(tree, x) ──▶ monitor(0) ── prepare/vote/decide/decided along tree ──▶ monitors(1..N-1)
 *           ◀── completion ───────── (on core 0, in the monitor's step)
 * </pre>
 */
final class CommitRounds
{
    /** The table the rounds change: outside the system's (the name registry is table 1). */
    private static final int TABLE = 14;
    /** Every round's change: one long. */
    private static final int CHANGE_BYTES = Long.BYTES;

    /**
     * One tree's rounds.
     *
     * @param tree        the SKB's strategy ({@code broadcast}, {@code unicast}, {@code multicast}, {@code numa}).
     * @param singleNs    the median latency of one round at a time, ns; NaN if none completed.
     * @param pipelinedNs the median span of a batch of pipelined rounds over their number, ns; NaN if they did
     *                    not all complete.
     * @param failure     empty, or the first error a round answered, or that the rounds did not finish.
     */
    record Latency(String tree, double singleNs, double pipelinedNs, String failure)
    {
    }

    private CommitRounds()
    {
    }

    /** The SKB's four trees over {@code machine}, rooted at core 0, cut down to cores 0 .. cores-1, in order. */
    static Map<String, MulticastTree> trees(final Machine machine, final int cores)
    {
        final SystemKnowledgeBase skb = new SystemKnowledgeBase();
        skb.assertMachine(machine);
        final List<Integer> over = IntStream.range(0, cores).boxed().toList();
        final Map<String, MulticastTree> trees = new LinkedHashMap<>();
        for (final Strategy strategy : Strategy.values())
        {
            final MulticastTree tree = tree(skb.multicastTree(strategy, 0));
            trees.put(strategy.atom(), Fanout.restrict(strategy == Strategy.BROADCAST ? tree.asBroadcast() : tree, over));
        }
        return trees;
    }

    private static MulticastTree tree(final RouteNode node)
    {
        return new MulticastTree(node.core(), node.children().stream().map(CommitRounds::tree).toList());
    }

    /**
     * Boots on every core of {@code platform}, runs the rounds along each tree and halts.
     *
     * @param haltWithinNs platform time after which rounds still unanswered are reported as not finished.
     * @throws IllegalStateException if the system did not boot.
     */
    static List<Latency> run(final Platform platform, final Interconnect interconnect, final MonitorConfig config,
        final Map<String, MulticastTree> trees, final int warmUp, final int single, final int pipelined,
        final int batches, final long haltWithinNs) throws InterruptedException
    {
        final Task task = new Task(trees, warmUp, single, pipelined, batches);
        final BootImage image = BootImage.empty().with("2pc-task", () -> task);
        final CoreBooter booter = (core, frame) ->
        {
            final CpuDriver kernel = new CpuDriver(core, PhysicalMemory.none(), platform.clock(core))
                .meteredBy(platform.workMeter(core));
            final Monitor monitor = Monitor.application(core, config, image, interconnect, platform.clock(core), kernel,
                frame);
            monitor.agreement().register(TABLE, new YesVoter()); // before the core starts: its own thread reads it
            kernel.spawn("monitor", monitor);
            platform.startCore(core, kernel);
        };
        final CpuDriver kernel0 = new CpuDriver(0, PhysicalMemory.none(), platform.clock(0))
            .meteredBy(platform.workMeter(0));
        final Monitor monitor0 = Monitor.bootstrap(config, image, new BootPlan(List.of(),
            java.util.Optional.of("2pc-task"), 0), interconnect, platform.clock(0), kernel0, booter);
        monitor0.agreement().register(TABLE, new YesVoter());
        task.coordinator = monitor0; // before core 0 starts, which publishes it to core 0's thread
        kernel0.spawn("monitor", monitor0);
        platform.startCore(0, kernel0);
        final boolean halted = platform.awaitHalt(config.bootTimeoutNs() + haltWithinNs);
        if (!platform.faults().isEmpty())
        {
            throw new IllegalStateException("2pc on " + platform.coreCount() + " cores: " + platform.faults());
        }
        if (halted)
        {
            final BootOutcome outcome = monitor0.outcome();
            if (!outcome.succeeded())
            {
                throw new IllegalStateException("2pc on " + platform.coreCount() + " cores: the boot failed: "
                    + outcome.error().orElse("?"));
            }
        }
        final List<Latency> latencies = new ArrayList<>();
        for (final String tree : trees.keySet())
        {
            final Latency done = task.results.get(tree);
            // a tree without a result: its rounds may still be running on core 0, so nothing of it is read
            latencies.add(done != null ? done : new Latency(tree, Double.NaN, Double.NaN,
                "not finished within " + haltWithinNs / 1_000_000 + " ms of platform time"));
        }
        return latencies;
    }

    /** Votes yes to every change and applies nothing: the rounds measure the protocol, not a table. */
    private static final class YesVoter implements Participant
    {
        @Override
        public ErrorCode prepare(final long round, final byte[] change)
        {
            return null;
        }

        @Override
        public void commit(final long round, final byte[] change)
        {
        }

        @Override
        public void abort(final long round, final byte[] change)
        {
        }
    }

    /**
     * The boot task on core 0. Every field is touched only on core 0's thread (its dispatcher and core 0's
     * monitor, whose completions call back here), except {@link #results}, which the host reads after the halt.
     */
    private static final class Task implements Program
    {
        private final List<Map.Entry<String, MulticastTree>> trees;
        private final int warmUp;
        private final int single;
        private final int pipelined;
        private final int batches;
        /** The spans of the current tree's pipelined batches so far, ns. */
        private final List<Double> spans = new ArrayList<>();
        /** One entry per tree once both its phases are answered. */
        final Map<String, Latency> results = new ConcurrentHashMap<>();
        /** The single rounds' latencies of each tree begun. */
        private final Map<String, List<Long>> singles = new ConcurrentHashMap<>();
        /** Core 0's monitor; set before core 0 starts. */
        Monitor coordinator;
        private Dispatcher self;
        private int treeIndex;
        private String failure = "";
        /** Rounds started so far, every tree's; each round's change. */
        private long started;
        private long nextNs;

        Task(final Map<String, MulticastTree> trees, final int warmUp, final int single, final int pipelined,
            final int batches)
        {
            this.batches = batches;
            this.trees = List.copyOf(trees.entrySet());
            this.warmUp = warmUp;
            this.single = single;
            this.pipelined = pipelined;
        }

        @Override
        public void start(final Dispatcher dispatcher)
        {
            self = dispatcher;
            nextTree();
        }

        private void nextTree()
        {
            if (treeIndex < trees.size())
            {
                failure = "";
                singles.put(trees.get(treeIndex).getKey(), new ArrayList<>());
                warmUp(warmUp);
            }
        }

        /** {@code left} unmeasured rounds along the current tree first: the tree's first messages, the JIT. */
        private void warmUp(final int left)
        {
            if (left == 0)
            {
                singleRound(0);
                return;
            }
            start(trees.get(treeIndex), (none, error) ->
            {
                note(error);
                warmUp(left - 1);
            });
        }

        /** Round {@code i} of the current tree, one at a time; the last one's completion starts the pipeline. */
        private void singleRound(final int i)
        {
            final Map.Entry<String, MulticastTree> tree = trees.get(treeIndex);
            if (i == single)
            {
                spans.clear();
                pipeline(tree, 0);
                return;
            }
            final long startNs = self.clock().nanoTime();
            start(tree, (none, error) ->
            {
                singles.get(tree.getKey()).add(self.clock().nanoTime() - startNs);
                note(error);
                singleRound(i + 1);
            });
        }

        /**
         * Batch {@code batch} of the current tree's pipelined rounds: {@code pipelined} started at once; the next
         * batch starts when the last of these is answered, and after the last batch the next tree.
         */
        private void pipeline(final Map.Entry<String, MulticastTree> tree, final int batch)
        {
            if (batch == batches)
            {
                final double[] sorted = spans.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                results.put(tree.getKey(), new Latency(tree.getKey(), partialSingle(tree.getKey()),
                    sorted[sorted.length / 2] / pipelined, failure));
                treeIndex++;
                nextTree();
                return;
            }
            final long startNs = self.clock().nanoTime();
            final int[] answered = {0};
            for (int i = 0; i < pipelined; i++)
            {
                start(tree, (none, error) ->
                {
                    note(error);
                    if (++answered[0] == pipelined)
                    {
                        spans.add((double)(self.clock().nanoTime() - startNs));
                        pipeline(tree, batch + 1);
                    }
                });
            }
        }

        /**
         * Starts one round. Its change is always {@link #CHANGE_BYTES} bytes (the count of rounds started): the
         * change travels in the prepare message, and a longer one can take another slot, so the trees must carry
         * equal changes to be compared.
         */
        private void start(final Map.Entry<String, MulticastTree> tree, final Completion<Void> done)
        {
            final byte[] change = ByteBuffer.allocate(CHANGE_BYTES).putLong(++started).array();
            coordinator.agreement().twoPhase(TABLE, tree.getValue(), change, done);
        }

        private void note(final ErrorCode error)
        {
            if (error != null && failure.isEmpty())
            {
                failure = error.name();
            }
        }

        /** The median of the single rounds answered so far on {@code tree}, or NaN. */
        double partialSingle(final String tree)
        {
            final List<Long> latencies = singles.get(tree);
            if (latencies == null || latencies.isEmpty())
            {
                return Double.NaN;
            }
            final long[] sorted = List.copyOf(latencies).stream().mapToLong(Long::longValue).sorted().toArray();
            return sorted[sorted.length / 2];
        }

        @Override
        public int step(final Dispatcher dispatcher, final long nowNs)
        {
            if (results.size() == trees.size())
            {
                dispatcher.exit(0);
                return 1;
            }
            // the rounds advance in the monitor's steps, not here: every wake-up of this dispatcher costs core 0
            // two switches, which would fall inside some rounds, so it looks only seldom
            nextNs = nowNs + 10_000_000;
            return 0;
        }

        @Override
        public long wakeupDeadlineNs()
        {
            return nextNs;
        }
    }
}
