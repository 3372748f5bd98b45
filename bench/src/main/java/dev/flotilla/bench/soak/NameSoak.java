package dev.flotilla.bench.soak;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.monitor.BootOutcome;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.CoreBooter;
import dev.flotilla.monitor.Monitor;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.monitor.agreement.SpanTable;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.services.skb.CoreView;
import dev.flotilla.services.skb.SkbServer;
import dev.flotilla.sim.CoreSlowdown;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.MachineSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;

/**
 * One seed of the replicated name registry's soak: the OS boots on a simulated machine with message-delay jitter,
 * a few slowed cores and one core stalled for a while, up to twice the agreement bound (all drawn from the seed,
 * all after the boot), and a boot task spawns many
 * short-lived domains on random cores, each exporting a name drawn from a small pool (so that several race for
 * one), living a random while and exiting (its monitor then deregisters the name). Every change is a two-phase
 * round over every core; every lookup is local. After the last child reported and the rounds settled, the system
 * halts and the run checks, against what the children saw:
 * <ul>
 *   <li>every core's replica of the registry is the same, and so is every core's replica of the domain table,
 *       which holds none of the children once they ended;</li>
 *   <li>no two children held one name at once: each success comes after the previous holder of that name ended;</li>
 *   <li>every name in the replicas is one a child on that core exported; every child's export answered, with
 *       success, {@code SERVICE_EXISTS} or {@code AGREEMENT_TIMEOUT} (a round over a stalled core) and nothing
 *       else; every spawn answered.</li>
 * </ul>
 * A seed fully determines a run: the simulator is deterministic, and so is everything drawn here.
 */
final class NameSoak
{
    /** What the children report: one line each, in the order they ended. Written on the simulator's one thread. */
    private static final class Reports
    {
        final List<Report> reports = new ArrayList<>();
        final List<String> spawnFailures = new ArrayList<>();
    }

    /**
     * One child's life.
     *
     * @param child  its number.
     * @param core   where it ran.
     * @param name   the name it exported.
     * @param code   null if the export succeeded, else why not.
     * @param okNs   when the export answered.
     * @param endNs  when its code ended (its exit and the deregistration follow).
     */
    record Report(int child, int core, String name, ErrorCode code, long okNs, long endNs)
    {
    }

    /**
     * One seed's outcome.
     *
     * @param seed       the seed.
     * @param children   domains spawned.
     * @param exported   exports that succeeded.
     * @param refused    exports refused because the name was held.
     * @param timedOut   exports whose round aborted at the agreement bound.
     * @param bootNs     virtual time from the first step to the end of the boot's round-trip measurement.
     * @param endNs      virtual time at the halt.
     * @param violations every invariant broken, empty when the run is good.
     */
    record Result(long seed, int children, int exported, int refused, int timedOut, long bootNs, long endNs,
        List<String> violations)
    {
        boolean passed()
        {
            return violations.isEmpty();
        }
    }

    /** The agreement bound on the soak's machines: a round waits this long for a stalled core. */
    static final long BOUND_NS = 5_000_000;
    /** When faults may begin and by when they have, ns of virtual time. */
    private static final long FAULTS_FROM_NS = 5_000_000;
    private static final long FAULTS_UNTIL_NS = 18_000_000;

    private NameSoak()
    {
    }

    /** Runs seed {@code seed} on {@code cores} cores of {@code spec}. */
    static Result run(final MachineSpec spec, final int cores, final long seed) throws InterruptedException
    {
        final SplittableRandom random = new SplittableRandom(seed);
        SimOptions options = SimOptions.seeded(seed).withJitterNs(random.nextLong(0, 3_000));
        // faults begin once the boot is over (it takes 1-3 ms of virtual time on 32 cores; its probes have the
        // agreement's bound too) and fall while the children come and go (from the boot's end to about 20 ms)
        for (int i = random.nextInt(0, 3); i > 0; i--)
        {
            final long from = random.nextLong(FAULTS_FROM_NS, FAULTS_UNTIL_NS);
            options = options.withSlowdown(new CoreSlowdown(random.nextInt(cores), from,
                from + random.nextLong(100_000, 4_000_000), random.nextInt(2, 9)));
        }
        if (cores > 1 && random.nextInt(3) > 0)
        {
            final long from = random.nextLong(FAULTS_FROM_NS, FAULTS_UNTIL_NS);
            // one core (never core 0, which sequences the rounds) stalled for up to twice the agreement bound
            options = options.withStall(random.nextInt(1, cores), from, from + random.nextLong(10_000, 2 * BOUND_NS));
        }
        final int children = cores * 3;
        final int names = Math.max(3, cores / 2);
        final Plan plan = new Plan(children, IntStream.range(0, children).map(c -> random.nextInt(cores)).toArray(),
            IntStream.range(0, children).map(c -> random.nextInt(names)).toArray(),
            IntStream.range(0, children).mapToLong(c -> random.nextLong(0, 3_000_000)).toArray(),
            IntStream.range(0, children).mapToLong(c -> random.nextLong(0, 300_000)).toArray());
        final Reports reports = new Reports();
        final AtomicReferenceArray<Monitor> monitors = new AtomicReferenceArray<>(cores);
        try (SimPlatform sim = new SimPlatform(spec, cores, options);
             PhysicalMemory memory = PhysicalMemory.reserve(64L << 20, sim.machine().numaNodes()))
        {
            final int[] cpuOfCore = IntStream.range(0, cores).map(sim::cpuOf).toArray();
            final Machine view = CoreView.of(sim.machine(), cpuOfCore);
            final BootImage image = BootImage.empty()
                .with(SkbServer.PROGRAM, () -> new SkbServer(view, memory.regions(), Optional.empty()))
                .with("soak", () -> new DomainProgram(new Spawner(plan, reports)))
                .with("soak-child", () -> new DomainProgram(new Child(plan, reports)));
            final MonitorConfig config = new MonitorConfig(cores, 32, 1, 0, 0, 1_000_000_000L, BOUND_NS);
            final SimInterconnect interconnect = new SimInterconnect(sim);
            final CoreBooter booter = (core, frame) ->
            {
                final CpuDriver kernel = new CpuDriver(core, memory, sim.clock(core)).meteredBy(sim.workMeter(core));
                final Monitor monitor = Monitor.application(core, config, image, interconnect, sim.clock(core), kernel,
                    frame);
                monitors.set(core, monitor);
                kernel.spawn("monitor", monitor);
                sim.startCore(core, kernel);
            };
            final CpuDriver kernel0 = new CpuDriver(0, memory, sim.clock(0)).meteredBy(sim.workMeter(0));
            final Monitor monitor0 = Monitor.bootstrap(config, image, new BootPlan(List.of(SkbServer.PROGRAM),
                Optional.of("soak"), 0), interconnect, sim.clock(0), kernel0, booter);
            monitors.set(0, monitor0);
            kernel0.spawn("monitor", monitor0);
            sim.startCore(0, kernel0);
            final List<String> violations = new ArrayList<>();
            if (!sim.awaitHalt(60_000_000_000L))
            {
                violations.add("the system did not halt within 60 s of virtual time");
            }
            if (!sim.faults().isEmpty())
            {
                violations.add("faults: " + sim.faults());
            }
            final BootOutcome outcome = monitor0.outcome();
            if (!outcome.succeeded())
            {
                violations.add("boot failed: " + outcome.error().orElse("?"));
            }
            else if (outcome.taskStatus() != 0)
            {
                violations.add("the boot task ended with status " + outcome.taskStatus());
            }
            check(plan, reports, monitors, cores, violations);
            final int exported = (int)reports.reports.stream().filter(r -> r.code() == null).count();
            final int refused = (int)reports.reports.stream().filter(r -> r.code() == ErrorCode.SERVICE_EXISTS).count();
            final int timedOut = (int)reports.reports.stream().filter(r -> r.code() == ErrorCode.AGREEMENT_TIMEOUT)
                .count();
            return new Result(seed, children, exported, refused, timedOut, outcome.bootNs() + outcome.measureNs(),
                sim.clock(0).nanoTime(), violations);
        }
    }

    private static void check(final Plan plan, final Reports reports, final AtomicReferenceArray<Monitor> monitors,
        final int cores, final List<String> violations)
    {
        final Map<String, Integer> first = monitors.get(0).nameReplica();
        for (int core = 1; core < cores; core++)
        {
            final Map<String, Integer> replica = monitors.get(core).nameReplica();
            if (!replica.equals(first))
            {
                violations.add("core " + core + "'s replica " + replica + " differs from core 0's " + first);
            }
        }
        // the domain table: every replica the same, and no child left in it (each ended, and its home dropped it);
        // the boot task's own end may still be on its way when the system halts, so it is left out
        final java.util.function.IntFunction<Map<Long, SpanTable.Span>> spans = core -> monitors.get(core).spanReplica()
            .entrySet().stream().filter(e -> !e.getValue().program().equals("soak"))
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        for (int core = 0; core < cores; core++)
        {
            if (!spans.apply(core).equals(spans.apply(0)))
            {
                violations.add("core " + core + "'s domain table " + spans.apply(core) + " differs from core 0's "
                    + spans.apply(0));
            }
        }
        if (!spans.apply(0).isEmpty())
        {
            violations.add("the domain table still holds ended domains: " + spans.apply(0));
        }
        if (reports.reports.size() + reports.spawnFailures.size() != plan.children())
        {
            violations.add(plan.children() + " children spawned, " + reports.reports.size() + " reported and "
                + reports.spawnFailures.size() + " failed to spawn: some were lost");
        }
        violations.addAll(reports.spawnFailures.stream().filter(f -> !f.contains("AGREEMENT_TIMEOUT"))
            .map(f -> "a spawn failed: " + f).toList());
        for (final Report r : reports.reports)
        {
            if (r.code() != null && r.code() != ErrorCode.SERVICE_EXISTS && r.code() != ErrorCode.AGREEMENT_TIMEOUT)
            {
                violations.add("child " + r.child() + " on core " + r.core() + ": export of " + r.name()
                    + " failed with " + r.code());
            }
        }
        final List<Report> held = reports.reports.stream().filter(r -> r.code() == null)
            .sorted(Comparator.comparingLong(Report::okNs)).toList();
        for (int i = 0; i < held.size(); i++)
        {
            for (int j = 0; j < i; j++)
            {
                final Report earlier = held.get(j);
                final Report later = held.get(i);
                if (earlier.name().equals(later.name()) && later.okNs() <= earlier.endNs())
                {
                    violations.add("two children held " + later.name() + " at once: child " + earlier.child()
                        + " on core " + earlier.core() + " until " + earlier.endNs() + " ns, child " + later.child()
                        + " on core " + later.core() + " from " + later.okNs() + " ns");
                }
            }
        }
        for (final Map.Entry<String, Integer> entry : first.entrySet())
        {
            if (entry.getKey().startsWith(Plan.PREFIX) && held.stream().noneMatch(r -> r.name().equals(entry.getKey())
                && r.core() == entry.getValue()))
            {
                violations.add("the replicas hold " + entry + ", which no child on that core exported");
            }
        }
    }

    /**
     * What the boot task spawns, drawn from the seed before the run.
     *
     * @param children how many.
     * @param cores    each child's core.
     * @param names    each child's name, as an index into the pool.
     * @param lifeNs   how long each child lives after its export answered.
     * @param gapNs    how long the boot task waits before spawning each child.
     */
    private record Plan(int children, int[] cores, int[] names, long[] lifeNs, long[] gapNs)
    {
        static final String PREFIX = "soak-";

        String name(final int child)
        {
            return PREFIX + names[child];
        }
    }

    /** The boot task: spawns every child in turn, waits until all have reported, lets the rounds settle. */
    private static final class Spawner implements Domain
    {
        private final Plan plan;
        private final Reports reports;

        Spawner(final Plan plan, final Reports reports)
        {
            this.plan = plan;
            this.reports = reports;
        }

        @Override
        public void main(final DomainContext context)
        {
            for (int child = 0; child < plan.children(); child++)
            {
                context.sleepNs(plan.gapNs()[child]);
                try
                {
                    context.spawn(plan.cores()[child], "soak-child", List.of(Integer.toString(child)));
                }
                catch (final FlotillaException e)
                {
                    reports.spawnFailures.add("child " + child + " on core " + plan.cores()[child] + ": " + e.code());
                }
            }
            // the simulator runs every core on this thread: the children's reports are read as they were written
            while (reports.reports.size() + reports.spawnFailures.size() < plan.children())
            {
                context.sleepNs(100_000);
            }
            context.sleepNs(4 * BOUND_NS); // the last deregistrations commit everywhere, or abort at the bound
        }
    }

    /** One child: exports its name, lives a while, ends. */
    private static final class Child implements Domain
    {
        private final Plan plan;
        private final Reports reports;

        Child(final Plan plan, final Reports reports)
        {
            this.plan = plan;
            this.reports = reports;
        }

        @Override
        public void main(final DomainContext context)
        {
            final int child = Integer.parseInt(context.args().getFirst());
            final String name = plan.name(child);
            ErrorCode code = null;
            try
            {
                context.export(name, port -> { }); // nobody binds: the name is what is soaked
            }
            catch (final FlotillaException e)
            {
                code = e.code();
            }
            final long okNs = context.dispatcher().clock().nanoTime();
            if (code == null)
            {
                context.sleepNs(plan.lifeNs()[child]);
            }
            reports.reports.add(new Report(child, context.core(), name, code, okNs,
                context.dispatcher().clock().nanoTime()));
        }
    }
}
