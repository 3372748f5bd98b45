package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.mdb.MdbOrder;
import dev.flotilla.idl.Reply;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.CoreBooter;
import dev.flotilla.monitor.Monitor;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.systemtests.capholder.CapHolderBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Random retypes, copies, deletes and revokes of one RAM object's copies on every core of a simulated machine
 * at once, a few dozen seeds; after each run, with every core quiet, the capabilities of all cores together
 * (the CPU drivers' records included) must nest as one core's would — two that overlap are copies, or one
 * descends from the other — and after a final revoke of their common ancestor nothing of it survives on any
 * core. A failing seed says how to replay it alone ({@code -Dflotilla.dcaps.seed=S}).
 *
 * <p>The checks read every core's CPU driver from the driver domain's thread: allowed only because the
 * simulator runs every core on that one thread, so nothing moves while they read.
 */
class DistributedCapsRandomTest
{
    private static final long MIB = 1L << 20;
    private static final int CORES = 4;
    private static final int SEEDS = 32;
    private static final int OPERATIONS = 60;

    @Test
    void randomOperationsOnEveryCoreKeepRangesNestedAndARevokeLeavesNothing() throws Exception
    {
        final String only = System.getProperty("flotilla.dcaps.seed");
        final List<Long> seeds = new ArrayList<>();
        if (only != null)
        {
            seeds.add(Long.parseLong(only));
        }
        else
        {
            // more seeds for a soak: -Dflotilla.dcaps.seeds=N -Dflotilla.dcaps.from=S
            final long from = Long.getLong("flotilla.dcaps.from", 1);
            for (long s = from; s < from + Long.getLong("flotilla.dcaps.seeds", SEEDS); s++)
            {
                seeds.add(s);
            }
        }
        final StringBuilder seen = new StringBuilder();
        for (final long seed : seeds)
        {
            final List<String> problems = runSeed(seed, seen);
            assertTrue(problems.isEmpty(), () -> "seed " + seed + ": " + problems + "\n  replay: ./flotilla test"
                + " or mvn -pl system-tests verify -Dtest=DistributedCapsRandomTest -Dflotilla.dcaps.seed=" + seed
                + (Long.getLong("flotilla.dcaps.jitter", 0) == 0 ? "" : " -Dflotilla.dcaps.jitter="
                + Long.getLong("flotilla.dcaps.jitter")));
        }
        if (only == null)
        {
            // the seeds reach the interesting cases: retypes made, and retypes refused for another core's overlap
            for (final String outcome : List.of("ok", "REVOKE_FIRST", "copy"))
            {
                assertTrue(seen.indexOf(outcome + "=") >= 0, outcome + " never happened: " + seen);
            }
        }
    }

    private static List<String> runSeed(final long seed, final StringBuilder seen) throws InterruptedException
    {
        final List<String> problems = new ArrayList<>();
        final CpuDriver[] kernels = new CpuDriver[CORES];
        final Monitor[] monitors = new Monitor[CORES];
        final BootImage image = BootImage.empty().with("holder", () -> new DomainProgram(DistributedCapsSystemTest.holder()))
            .with("driver", () -> new DomainProgram(driver(seed, kernels, monitors, problems, seen)));
        final MonitorConfig config = MonitorConfig.defaults(CORES).withWarmupNs(0, 0).withPingRounds(2);
        // -Dflotilla.dcaps.jitter=NS: message-delay jitter up to NS, drawn from the seed (none by default)
        final long jitter = Long.getLong("flotilla.dcaps.jitter", 0);
        final SimOptions options = jitter == 0 ? SimOptions.seeded(seed)
            : SimOptions.seeded(seed).withJitterNs(new java.util.SplittableRandom(seed).nextLong(jitter + 1));
        try (SimPlatform sim = new SimPlatform(Machines.load("amd-4x4"), CORES, options);
             PhysicalMemory memory = PhysicalMemory.reserve(64 * MIB, sim.machine().numaNodes()))
        {
            final SimInterconnect interconnect = new SimInterconnect(sim);
            final CoreBooter booter = (core, frame) ->
            {
                final CpuDriver kernel = new CpuDriver(core, memory, sim.clock(core)).meteredBy(sim.workMeter(core));
                monitors[core] = Monitor.application(core, config, image, interconnect, sim.clock(core), kernel, frame);
                kernel.spawn("monitor", monitors[core]);
                kernels[core] = kernel;
                sim.startCore(core, kernel);
            };
            final CpuDriver kernel0 = new CpuDriver(0, memory, sim.clock(0)).meteredBy(sim.workMeter(0));
            kernels[0] = kernel0;
            final Monitor monitor0 = Monitor.bootstrap(config, image, new BootPlan(List.of(), Optional.of("driver"), 0),
                interconnect, sim.clock(0), kernel0, booter);
            monitors[0] = monitor0;
            kernel0.spawn("monitor", monitor0);
            sim.startCore(0, kernel0);
            if (!sim.awaitHalt(60_000_000_000L))
            {
                problems.add("the system did not halt");
            }
            else if (!monitor0.outcome().succeeded())
            {
                problems.add("boot task failed: " + monitor0.outcome().error().orElse(""));
            }
            if (!sim.faults().isEmpty())
            {
                problems.add("faults: " + sim.faults());
            }
        }
        return problems;
    }

    /** Core 0: hands copies of r to a holder on every other core, lets every core loose on them, then checks. */
    private static Domain driver(final long seed, final CpuDriver[] kernels, final Monitor[] monitors,
        final List<String> problems, final StringBuilder seen)
    {
        return context ->
        {
            final Dispatcher self = context.dispatcher();
            final List<CapHolderBinding> holders = new ArrayList<>();
            for (int core = 1; core < CORES; core++)
            {
                context.spawn(core, "holder", List.of());
                holders.add(DistributedCapsSystemTest.bindHolder(context));
            }
            final RamAllocator ram = new RamAllocator(self.syscalls(), List.of(CSpaceLayout.taskRam()));
            final SlotAllocator slots = SlotAllocator.forDispatcher().growFrom(ram);
            final CapScript me = new CapScript(self, slots);
            final CapRef top = slots.allocate();
            ram.retype(CapType.RAM, 2 * MIB, 2 * MIB, top);
            me.name("top", top);
            me.run("retype top 0 RAM " + MIB + " r");
            for (final CapHolderBinding holder : holders)
            {
                holder.keep(me.ref("r"), "r");
            }
            final List<Reply<String>> replies = new ArrayList<>();
            for (int i = 0; i < holders.size(); i++)
            {
                final Reply<String> reply = new Reply<>();
                holders.get(i).run("random " + (seed * 31 + i + 1) + " " + OPERATIONS, reply);
                replies.add(reply);
            }
            final StringBuilder outcomes = new StringBuilder("seed " + seed + ": core 0 "
                + me.run("random " + seed * 31 + " " + OPERATIONS));
            for (int i = 0; i < replies.size(); i++)
            {
                self.threads().await(replies.get(i));
                outcomes.append(" | core ").append(i + 1).append(' ').append(replies.get(i).get());
            }
            System.out.println(outcomes);
            seen.append(outcomes).append('\n');
            for (final Monitor monitor : monitors)
            {
                if (monitor.capops().busyObjects() != 0)
                {
                    problems.add("core " + monitor.core() + " still runs operations on " + monitor.capops().busyObjects()
                        + " objects: one was lost or is stuck");
                }
            }
            final Capability topCap = self.syscalls().identify(top);
            checkNested(kernels, topCap, problems);
            final String revoked = me.run("revoke top");
            if (!revoked.equals("ok"))
            {
                problems.add("final revoke: " + revoked);
            }
            checkNothingSurvives(kernels, topCap, problems);
        };
    }

    private static List<Capability> inside(final CpuDriver kernel, final Capability top)
    {
        final List<Capability> out = new ArrayList<>();
        for (final CapabilityRecord r : kernel.capabilitySnapshot())
        {
            final Capability c = r.capability();
            if (!c.type().isMapping() && c.type().root() == top.type().root() && c.base() < top.end()
                && top.base() < c.end() && !MdbOrder.isAncestor(top, c)) // top's ancestors (task RAM) stay
            {
                out.add(c);
            }
        }
        return out;
    }

    /** Across all cores, two capabilities that overlap are copies or ancestor and descendant. */
    private static void checkNested(final CpuDriver[] kernels, final Capability top, final List<String> problems)
    {
        final List<Capability> all = new ArrayList<>();
        for (final CpuDriver kernel : kernels)
        {
            all.addAll(inside(kernel, top));
        }
        for (int i = 0; i < all.size() && problems.size() < 5; i++)
        {
            for (int j = i + 1; j < all.size(); j++)
            {
                final Capability a = all.get(i);
                final Capability b = all.get(j);
                final boolean overlap = a.base() < b.end() && b.base() < a.end();
                if (overlap && !MdbOrder.isCopy(a, b) && !MdbOrder.isAncestor(a, b) && !MdbOrder.isAncestor(b, a))
                {
                    problems.add("overlapping unrelated: " + a + " and " + b);
                }
            }
        }
    }

    /** After the revoke of top: no core holds anything in its range but copies of top itself, and only core 0. */
    private static void checkNothingSurvives(final CpuDriver[] kernels, final Capability top, final List<String> problems)
    {
        for (int core = 0; core < kernels.length; core++)
        {
            for (final Capability c : inside(kernels[core], top))
            {
                if (core != 0 || !MdbOrder.isCopy(c, top))
                {
                    problems.add("core " + core + " still holds " + c + " after the revoke");
                }
            }
        }
    }
}
