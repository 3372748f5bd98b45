package dev.flotilla.services.skb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.lib.skb.SkbAnswer;
import dev.flotilla.lib.skb.SkbClient;
import dev.flotilla.lib.skb.SkbInterface;
import dev.flotilla.monitor.BootOutcome;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.monitor.SteppedPlatform;
import dev.flotilla.monitor.TestBoot;
import dev.flotilla.platform.memory.MemoryRegion;
import dev.flotilla.platform.topology.Cache;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The SKB as a service: monitors use its tree at boot, and a program on every core can query it. */
class SkbServiceTest
{
    private static final int CORES = 8;
    /** Physical memory as the platform would reserve it: 64 MiB on each node. */
    private static final List<MemoryRegion> MEMORY = List.of(new MemoryRegion(0, 0x1_0000_0000L, 64L << 20),
        new MemoryRegion(1, 0x1_0400_0000L, 64L << 20));

    /** Two packages of four cores, each its own NUMA node and L3. */
    private static Machine twoSockets()
    {
        final List<Cpu> cpus = IntStream.range(0, CORES).mapToObj(c -> new Cpu(c, c / 4, c % 4, c / 4, List.of(c)))
            .toList();
        return new Machine("two-sockets", "test", 2_000_000_000L, cpus,
            List.of(new NumaNode(0, List.of(0, 1, 2, 3), 1L << 30, List.of(10, 16)),
                new NumaNode(1, List.of(4, 5, 6, 7), 1L << 30, List.of(16, 10))),
            List.of(new Cache(3, "Unified", 8 << 20, List.of(0, 1, 2, 3)),
                new Cache(3, "Unified", 8 << 20, List.of(4, 5, 6, 7))),
            true);
    }

    /** Asks every query in turn from its core, records the answers, then exits. */
    private static final class Asker implements Program
    {
        private final List<String> goals;
        private final Map<String, SkbAnswer> answers;
        private final Map<String, ErrorCode> errors;
        private SkbClient client;

        Asker(final List<String> goals, final Map<String, SkbAnswer> answers, final Map<String, ErrorCode> errors)
        {
            this.goals = goals;
            this.answers = answers;
            this.errors = errors;
        }

        @Override
        public void start(final Dispatcher self)
        {
            self.monitor().bind(SkbInterface.SERVICE, (channel, error) ->
            {
                client = new SkbClient(channel);
                self.attach(client.port());
                ask(self, 0);
            });
        }

        private void ask(final Dispatcher self, final int index)
        {
            if (index == goals.size())
            {
                self.exit(answers.size());
                return;
            }
            final String goal = goals.get(index);
            client.query(goal, 100, 100_000, (answer, error) ->
            {
                answers.put(goal, answer);
                if (error != null)
                {
                    errors.put(goal, error);
                }
                ask(self, index + 1);
            });
        }

    }

    private static BootOutcome boot(final BootImage image, final BootPlan plan)
    {
        try (SteppedPlatform platform = new SteppedPlatform(CORES, 100, twoSockets()))
        {
            final MonitorConfig config = new MonitorConfig(CORES, 32, 5, 0, 0, 1_000_000_000L, 1_000_000_000L);
            final TestBoot booted = TestBoot.run(platform, config, image, plan, 100_000_000_000L);
            assertTrue(platform.faults().isEmpty(), () -> platform.faults().toString());
            assertTrue(booted.halted(), "every core halted");
            return booted.outcome();
        }
    }

    private static BootImage image(final Program task)
    {
        final int[] identity = IntStream.range(0, CORES).toArray();
        return BootImage.empty()
            .with(SkbServer.PROGRAM, () -> new SkbServer(CoreView.of(twoSockets(), identity), MEMORY, Optional.of(
                new SkbServer.FactsFile("test.pl", "service_constraint(web, on_package(1)).\n"))))
            .with("task", () -> task);
    }

    @Test
    void monitorsHaltAlongTheSkbsNumaTreeWithOneAggregatorPerPackage()
    {
        final BootOutcome outcome = boot(image(new Asker(List.of(), new LinkedHashMap<>(), new LinkedHashMap<>())),
            new BootPlan(List.of(SkbServer.PROGRAM), Optional.empty(), 0));
        assertTrue(outcome.succeeded(), () -> outcome.error().orElse(""));
        final MulticastTree tree = outcome.haltTree().orElseThrow();
        assertEquals(CORES, tree.size(), "the tree reaches every core");
        assertEquals(0, tree.core());
        final List<MulticastTree> aggregators = tree.children().stream().filter(c -> !c.children().isEmpty()).toList();
        assertEquals(1, aggregators.size(), "one aggregator for the other package: " + tree);
        assertEquals(List.of(4, 5, 6, 7), aggregators.getFirst().cores().stream().sorted().toList());
    }

    @Test
    void aProgramCanAskForFreshRoundTripsAndTheSkbHasThem()
    {
        final Map<String, SkbAnswer> answers = new LinkedHashMap<>();
        final List<String> log = new java.util.ArrayList<>();
        final Program task = new Program()
        {
            private final Asker asker = new Asker(List.of("message_rtt(0, 5, Ns)"), answers, new LinkedHashMap<>());

            @Override
            public void start(final Dispatcher self)
            {
                self.monitor().remeasure((ok, error) ->
                {
                    log.add("remeasured " + ok);
                    asker.start(self);
                });
                self.monitor().remeasure((ok, error) -> log.add("second request answered " + ok));
            }

            @Override
            public int step(final Dispatcher self, final long nowNs)
            {
                return asker.step(self, nowNs);
            }
        };
        final BootOutcome outcome = boot(image(task), new BootPlan(List.of(SkbServer.PROGRAM), Optional.of("task"), 6));
        assertTrue(outcome.succeeded(), () -> outcome.error().orElse(""));
        assertEquals(List.of("remeasured true", "second request answered true"), log);
        final String rtt = answers.get("message_rtt(0, 5, Ns)").solutions().getFirst();
        assertEquals("Ns = " + outcome.roundTrips().medianNs(0, 5), rtt, "the SKB holds the refreshed median");
    }

    @Test
    void withoutAnSkbTheHaltGoesStraightFromCoreZero()
    {
        final BootOutcome outcome = boot(BootImage.empty(), BootPlan.NONE);
        assertTrue(outcome.succeeded());
        assertEquals(MulticastTree.flat(0, CORES), outcome.haltTree().orElseThrow());
    }

    @Test
    void aProgramOnEveryCoreCanQueryTheSkbAndBadQueriesAnswerWithAnError()
    {
        for (int core = 0; core < CORES; core++)
        {
            final Map<String, SkbAnswer> answers = new LinkedHashMap<>();
            final Map<String, ErrorCode> errors = new LinkedHashMap<>();
            final List<String> goals = List.of("core(C, 1, _, _)", "transport(0, " + core + ", T)",
                "service_constraint(web, X)", "multicast_tree(numa, 0, T)", "this is not prolog", "no_such_rule(X)",
                "service(skb, C)", "local_memory(" + core + ", Base, Size)", "service(S, C)", "dispatcher(P, C)");
            final BootOutcome outcome = boot(image(new Asker(goals, answers, errors)),
                new BootPlan(List.of(SkbServer.PROGRAM), Optional.of("task"), core));
            assertTrue(outcome.succeeded(), () -> outcome.error().orElse(""));
            assertEquals(goals.size(), outcome.taskStatus(), "every query was answered");
            assertEquals(List.of("C = 4", "C = 5", "C = 6", "C = 7"), answers.get("core(C, 1, _, _)").solutions());
            assertEquals(List.of("T = " + (core == 0 ? "lmp" : "ump")), answers.get("transport(0, " + core + ", T)").solutions());
            assertEquals(List.of("X = on_package(1)"), answers.get("service_constraint(web, X)").solutions());
            assertTrue(answers.get("multicast_tree(numa, 0, T)").solutions().getFirst().startsWith("T = node(0,["),
                () -> answers.get("multicast_tree(numa, 0, T)").solutions().toString());
            assertTrue(answers.get("multicast_tree(numa, 0, T)").json().startsWith("{\"goal\":"));
            assertEquals(ErrorCode.SKB_SYNTAX_ERROR, errors.get("this is not prolog"), "the SKB's own code reaches the client");
            assertEquals(ErrorCode.SKB_UNKNOWN_PREDICATE, errors.get("no_such_rule(X)"));
            assertTrue(answers.get("this is not prolog").error().orElseThrow().contains("SKB_SYNTAX_ERROR"));
            assertTrue(answers.get("no_such_rule(X)").error().orElseThrow().contains("no_such_rule/1"));
            assertEquals(List.of("C = 0"), answers.get("service(skb, C)").solutions(), "the SKB knows where it runs");
            final MemoryRegion local = MEMORY.get(core / 4);
            assertEquals(List.of("Base = " + local.base() + ", Size = " + local.size()),
                answers.get("local_memory(" + core + ", Base, Size)").solutions(), "the memory of the core's own node");
            assertEquals(List.of("S = skb, C = 0"), answers.get("service(S, C)").solutions(), "one fact per service");
            assertEquals(List.of("P = skb, C = 0", "P = task, C = " + core), answers.get("dispatcher(P, C)").solutions(),
                "the SKB and the asking task are the dispatchers running");
        }
    }

    /** Exports a service named after its core and stays; or, as "quitter", exits once its service is registered. */
    private static final class Worker implements Program
    {
        private final boolean quits;

        Worker(final boolean quits)
        {
            this.quits = quits;
        }

        @Override
        public void start(final Dispatcher self)
        {
            if (quits)
            {
                // registers a service, then exits: the name and its fact must go with it
                self.monitor().export("quitter-" + self.core(), channel -> { }, (ok, error) -> self.exit(0));
                return;
            }
            self.monitor().export("worker-" + self.core(), channel -> { }, (ok, error) -> { });
        }

        @Override
        public int step(final Dispatcher self, final long nowNs)
        {
            return 0;
        }
    }

    @Test
    void theSkbFollowsWhatRunsWhereAndPlacementAvoidsTheBusyCores()
    {
        final String counts = "findall(_N, service(_N, _), _Ns), length(_Ns, Services), service(skb, 0), "
            + "service('worker-5', 5), service('worker-6', 6), findall(x, dispatcher(worker, 5), _W5), "
            + "length(_W5, OnFive), findall(x, dispatcher(worker, 6), _W6), length(_W6, OnSix), "
            + "findall(x, dispatcher(quitter, _), _Q), length(_Q, Quitters), \\+ service('quitter-1', _), "
            + "core_load(5, LoadOfFive)";
        final String settled = "Services = 3, OnFive = 2, OnSix = 1, Quitters = 0, LoadOfFive = 3";
        final Map<String, SkbAnswer> answers = new LinkedHashMap<>();
        final Program task = new Program()
        {
            private SkbClient client;
            private int started;
            private int asked;

            @Override
            public void start(final Dispatcher self)
            {
                self.monitor().bind(SkbInterface.SERVICE, (channel, error) ->
                {
                    client = new SkbClient(channel);
                    self.attach(client.port());
                    // two workers on core 5 and one on 6, each exporting a service, one on 1 that exits
                    for (final int core : new int[] {5, 5, 6, 1})
                    {
                        self.monitor().spawn(core, core == 1 ? "quitter" : "worker", (ok, failed) ->
                        {
                            if (++started == 4)
                            {
                                askUntilSettled(self);
                            }
                        });
                    }
                });
            }

            /** Starts and exits reach the SKB by way of core 0, so ask again until they all have. */
            private void askUntilSettled(final Dispatcher self)
            {
                asked++;
                client.query(counts, 10, 1_000_000, (answer, error) ->
                {
                    answers.put(counts, answer);
                    if (error == null && answer.solutions().equals(List.of(settled)) || asked == 500)
                    {
                        client.query("place(db, [package(1), exclude([4]), avoid_busy], Core)", 10, 1_000_000, (placed, failed) ->
                        {
                            answers.put("place", placed);
                            self.exit(asked);
                        });
                        return;
                    }
                    askUntilSettled(self);
                });
            }

        };
        final BootImage image = image(task).with("worker", () -> new Worker(false)).with("quitter", () -> new Worker(true));
        final BootOutcome outcome = boot(image, new BootPlan(List.of(SkbServer.PROGRAM), Optional.of("task"), 2));
        assertTrue(outcome.succeeded(), () -> outcome.error().orElse(""));
        assertEquals(List.of(settled), answers.get(counts).solutions(),
            "services, dispatchers per core (the quitter and its service gone) and the load they make");
        assertTrue(outcome.taskStatus() < 500, "settled after " + outcome.taskStatus() + " queries");
        assertEquals(List.of("Core = 7"), answers.get("place").solutions(),
            "on package 1 without core 4, the idle core 7 comes before the busy 5 and 6");
    }
}
