package dev.flotilla.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.monitor.agreement.Participant;
import dev.flotilla.sim.CoreSlowdown;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.skb.RouteNode;
import dev.flotilla.skb.Strategy;
import dev.flotilla.skb.SystemKnowledgeBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The agreement protocols inside booted monitors on the simulated 8x4-core AMD (32 cores, virtual time, the
 * simulator's channels): a boot task on core 0 runs pipelined one- and two-phase rounds along the SKB's four
 * trees, every core applies the same changes in the same order; a core stalled for a while makes the round over
 * it abort at the bound, and nobody commits it.
 */
class AgreementSimTest
{
    private static final int TABLE = 9;
    private static final int CORES = 32;
    private static final long BOUND_NS = 2_000_000;

    /** Each core's record of the decisions it applied: "+x" committed, "-x" aborted. */
    private static final class Log implements Participant
    {
        final List<String> decisions = new ArrayList<>();

        @Override
        public ErrorCode prepare(final long round, final byte[] change)
        {
            return null;
        }

        @Override
        public void commit(final long round, final byte[] change)
        {
            decisions.add("+" + new String(change, StandardCharsets.UTF_8));
        }

        @Override
        public void abort(final long round, final byte[] change)
        {
            decisions.add("-" + new String(change, StandardCharsets.UTF_8));
        }
    }

    /** The boot task: one round at a time, each started by the completion of the one before. */
    private static final class OneAtATime implements Program
    {
        private final List<Monitor> monitors;
        private final List<Map.Entry<String, MulticastTree>> rounds;
        final Map<String, Long> latencyNs = new LinkedHashMap<>();
        final List<String> errors = new ArrayList<>();
        private long nextNs;

        OneAtATime(final List<Monitor> monitors, final List<Map.Entry<String, MulticastTree>> rounds)
        {
            this.monitors = monitors;
            this.rounds = rounds;
        }

        @Override
        public void start(final Dispatcher self)
        {
            next(0);
        }

        private void next(final int i)
        {
            if (i == rounds.size())
            {
                return;
            }
            final Monitor core0 = monitors.getFirst();
            final String name = rounds.get(i).getKey();
            final long startNs = core0.now();
            final dev.flotilla.idl.Completion<Void> done = (none, error) ->
            {
                latencyNs.put(name, core0.now() - startNs);
                if (error != null)
                {
                    errors.add(name + " " + error);
                }
                next(i + 1);
            };
            final byte[] change = name.getBytes(StandardCharsets.UTF_8);
            if (name.startsWith("2pc"))
            {
                core0.agreement().twoPhase(TABLE, rounds.get(i).getValue(), change, done);
            }
            else
            {
                core0.agreement().onePhase(TABLE, rounds.get(i).getValue(), change, done);
            }
        }

        @Override
        public int step(final Dispatcher self, final long nowNs)
        {
            if (latencyNs.size() == rounds.size())
            {
                self.exit(0);
                return 1;
            }
            nextNs = nowNs + 10_000;
            return 0;
        }

        @Override
        public long wakeupDeadlineNs()
        {
            return nextNs;
        }
    }

    /** The boot task: starts every round at once on core 0's monitor, exits once all are answered. */
    private static final class Rounds implements Program
    {
        private final List<Monitor> monitors;
        private final Map<String, MulticastTree> trees;
        private final int perTree;
        final Map<String, String> answers = new LinkedHashMap<>();
        final Map<String, Long> latencyNs = new LinkedHashMap<>();
        long startedNs;
        private int expected;
        private long nextNs;

        Rounds(final List<Monitor> monitors, final Map<String, MulticastTree> trees, final int perTree)
        {
            this.monitors = monitors;
            this.trees = trees;
            this.perTree = perTree;
        }

        @Override
        public void start(final Dispatcher self)
        {
            final Monitor core0 = monitors.getFirst();
            startedNs = core0.now();
            for (final Map.Entry<String, MulticastTree> tree : trees.entrySet())
            {
                for (int i = 0; i < perTree; i++)
                {
                    for (final String kind : List.of("2pc", "1pc"))
                    {
                        final String name = kind + " " + tree.getKey() + " " + i;
                        final long startNs = core0.now();
                        final byte[] change = name.getBytes(StandardCharsets.UTF_8);
                        expected++;
                        final dev.flotilla.idl.Completion<Void> done = (none, error) ->
                        {
                            answers.put(name, error == null ? "ok" : error.name());
                            latencyNs.put(name, core0.now() - startNs);
                        };
                        if (kind.equals("2pc"))
                        {
                            core0.agreement().twoPhase(TABLE, tree.getValue(), change, done);
                        }
                        else
                        {
                            core0.agreement().onePhase(TABLE, tree.getValue(), change, done);
                        }
                    }
                }
            }
        }

        @Override
        public int step(final Dispatcher self, final long nowNs)
        {
            if (answers.size() == expected)
            {
                self.exit(0);
                return 1;
            }
            nextNs = nowNs + 10_000; // the answers arrive in the monitor's steps: look again soon
            return 0;
        }

        @Override
        public long wakeupDeadlineNs()
        {
            return nextNs;
        }
    }

    private static Map<String, MulticastTree> skbTrees()
    {
        final SystemKnowledgeBase skb = new SystemKnowledgeBase();
        skb.assertMachine(Machines.load("amd-8x4").topology());
        final Map<String, MulticastTree> trees = new LinkedHashMap<>();
        for (final Strategy strategy : Strategy.values())
        {
            final MulticastTree tree = tree(skb.multicastTree(strategy, 0));
            // the broadcast tree's root writes each phase once into its broadcast channel, as bench 2pc's does
            trees.put(strategy.atom(), strategy == Strategy.BROADCAST ? tree.asBroadcast() : tree);
        }
        return trees;
    }

    private static MulticastTree tree(final RouteNode node)
    {
        return new MulticastTree(node.core(), node.children().stream().map(AgreementSimTest::tree).toList());
    }

    private static List<Log> boot(final SimOptions options, final Rounds[] task, final Map<String, MulticastTree> trees,
        final int perTree)
    {
        final List<Monitor> monitors = new ArrayList<>();
        task[0] = new Rounds(monitors, trees, perTree);
        return boot(options, monitors, task[0]);
    }

    private static List<Log> boot(final SimOptions options, final List<Monitor> monitors, final Program task)
    {
        return boot(options, monitors, task, 16);
    }

    private static List<Log> boot(final SimOptions options, final List<Monitor> monitors, final Program task,
        final int ringSlots)
    {
        final List<Log> logs = new ArrayList<>();
        try (SimPlatform platform = new SimPlatform(Machines.load("amd-8x4"), CORES, options))
        {
            final MonitorConfig config = new MonitorConfig(CORES, ringSlots, 2, 0, 0, 1_000_000_000L, BOUND_NS);
            final TestBoot booted = TestBoot.run(platform, new SimInterconnect(platform), config,
                BootImage.empty().with("rounds", () -> task), new BootPlan(List.of(), Optional.of("rounds"), 0),
                monitor ->
                {
                    final Log log = new Log();
                    monitor.agreement().register(TABLE, log);
                    monitors.add(monitor);
                    logs.add(log);
                }, 60_000_000_000L);
            assertTrue(platform.faults().isEmpty(), () -> platform.faults().toString());
            assertTrue(booted.halted(), "the system halted after the rounds");
            assertTrue(booted.outcome().succeeded(), () -> booted.outcome().error().orElse(""));
            final List<Log> byCore = new ArrayList<>(logs);
            for (int i = 0; i < monitors.size(); i++)
            {
                byCore.set(monitors.get(i).core(), logs.get(i));
            }
            return byCore;
        }
    }

    /** Seeds of message jitter (up to 2 µs a message, FIFO per channel kept): the order must not depend on timing. */
    @org.junit.jupiter.params.ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void pipelinedRoundsAlongEveryTreeReachEveryCoreInOneOrder(final long seed)
    {
        final Rounds[] task = new Rounds[1];
        final List<Log> logs = boot(new SimOptions(seed, seed == 1 ? 0 : 2_000, List.of()), task, skbTrees(), 4);
        assertEquals(32, task[0].answers.size());
        task[0].answers.forEach((round, answer) -> assertEquals("ok", answer, round));
        assertEquals(32, logs.getFirst().decisions.size());
        for (int core = 1; core < CORES; core++)
        {
            final List<String> twoPhase = logs.get(core).decisions.stream().filter(d -> d.startsWith("+2pc")).toList();
            assertEquals(logs.getFirst().decisions.stream().filter(d -> d.startsWith("+2pc")).toList(), twoPhase,
                "core " + core + " applied the two-phase rounds in the coordinator's order");
            assertEquals(32, logs.get(core).decisions.size(), "core " + core);
        }
    }

    /**
     * Pipelined rounds through small rings: a monitor's answers (votes, acknowledgements) often find the ring to
     * its parent full and wait in the port. Nothing rings a sender when the receiver frees the slots, so the
     * monitor must keep polling while a send waits; one that slept instead stranded its acknowledgement until
     * some unrelated message woke it, and a committed round came back AGREEMENT_UNCONFIRMED at the bound
     * (seed 1 of the test above, once the simulator charged OS work and core 0 fell behind its inbound rings).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} slots")
    @org.junit.jupiter.params.provider.ValueSource(ints = {4, 8})
    void answersThatWaitForRoomInAFullRingStillArriveWithinTheBound(final int slots)
    {
        final List<Monitor> monitors = new ArrayList<>();
        final Rounds task = new Rounds(monitors, skbTrees(), 4);
        final List<Log> logs = boot(new SimOptions(1, 0, List.of()), monitors, task, slots);
        assertEquals(32, task.answers.size());
        task.answers.forEach((round, answer) -> assertEquals("ok", answer, round));
        task.latencyNs.forEach((round, latency) -> assertTrue(latency < BOUND_NS / 10, round + " took " + latency));
        logs.forEach(log -> assertEquals(32, log.decisions.size()));
    }

    /**
     * One round at a time along each tree, 32 cores: the virtual latency of each (printed). The simulator charges
     * no OS work yet (issue 12, item 5), so these are the wires' costs only; the test checks what holds anyway —
     * two-phase commit takes longer than one-phase along the same tree, and every round is answered. An unmeasured
     * round goes first: the program starts while the boot's last messages still drain through core 0, and since a
     * send holds its core for the line's transfer the first round pays for that tail; and one along the broadcast
     * tree, whose first round makes core 0's broadcast channel and sends every core its join.
     */
    @Test
    void oneRoundAtATimeAlongEachTree()
    {
        final Map<String, MulticastTree> trees = skbTrees();
        final List<Map.Entry<String, MulticastTree>> rounds = new ArrayList<>();
        rounds.add(Map.entry("warm-up 1pc numa", trees.get("numa")));
        rounds.add(Map.entry("warm-up 1pc broadcast", trees.get("broadcast"))); // makes core 0's ring, joins it
        for (final Map.Entry<String, MulticastTree> tree : trees.entrySet())
        {
            rounds.add(Map.entry("1pc " + tree.getKey(), tree.getValue()));
            rounds.add(Map.entry("2pc " + tree.getKey(), tree.getValue()));
        }
        final List<Monitor> monitors = new ArrayList<>();
        final OneAtATime task = new OneAtATime(monitors, rounds);
        final List<Log> logs = boot(SimOptions.DEFAULTS, monitors, task);
        assertEquals(List.of(), task.errors);
        System.out.println("agreement on the simulated amd-8x4, 32 cores, one round at a time (virtual ns): "
            + task.latencyNs);
        for (final String strategy : trees.keySet())
        {
            assertTrue(task.latencyNs.get("2pc " + strategy) > task.latencyNs.get("1pc " + strategy), strategy);
        }
        logs.forEach(log -> assertEquals(10, log.decisions.size()));
    }

    /** Along the NUMA tree core 13 is a leaf of an aggregator; along the broadcast tree it reads core 0's ring. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"numa", "broadcast"})
    void aCoreStalledPastTheBoundAbortsTheRoundOnEveryCore(final String strategy)
    {
        final Rounds[] task = new Rounds[1];
        final Map<String, MulticastTree> numa = Map.of(strategy, skbTrees().get(strategy));
        // the simulation is deterministic: a first run finds when the rounds start; in the second, core 13 stalls
        // from then until long after the bound
        boot(SimOptions.DEFAULTS, task, numa, 1);
        final long startNs = task[0].startedNs;
        final SimOptions stall = new SimOptions(SimOptions.DEFAULT_SEED, 0,
            List.of(new CoreSlowdown(13, startNs, startNs + 20 * BOUND_NS, 0)));
        final List<Log> logs = boot(stall, task, numa, 1);
        assertEquals(startNs, task[0].startedNs, "the same run up to the stall");
        assertEquals("AGREEMENT_TIMEOUT", task[0].answers.get("2pc " + strategy + " 0"));
        assertTrue(task[0].latencyNs.get("2pc " + strategy + " 0") >= BOUND_NS, "aborted at the bound, not before");
        assertEquals("AGREEMENT_TIMEOUT", task[0].answers.get("1pc " + strategy + " 0"),
            "one-phase: core 13 never confirmed");
        assertEquals(List.of("+1pc " + strategy + " 0", "-2pc " + strategy + " 0"), logs.get(13).decisions,
            "core 13 caught up when it resumed: the one-phase change at once, the abort once it was decided");
        for (int core = 0; core < CORES; core++)
        {
            assertTrue(logs.get(core).decisions.stream().noneMatch(d -> d.startsWith("+2pc")), "core " + core);
            assertTrue(logs.get(core).decisions.contains("-2pc " + strategy + " 0"), "core " + core + " aborted it");
        }
    }
}
