package dev.flotilla.bench.soak;

import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.mdb.MdbOrder;
import dev.flotilla.idl.Reply;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.CapOperations;
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
import dev.flotilla.sim.machine.MachineSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One run of random distributed capability operations on every core of a simulated machine at once, and the
 * invariants checked after it: the driver shared by the capability soak ({@link CapsSoak}) and the system tests.
 *
 * <p>The boot task (core 0) spawns a {@link CapHolders holder} on every other core, makes one RAM object
 * {@code r} inside a RAM object {@code top} of its own, hands a copy of {@code r} to every holder, binds each
 * holder to a few others (its peers), waits for {@link Setup#startNs} (when the soak's faults may begin), then
 * lets every core make {@link Setup#operations} random {@link CapScript} operations at once: retypes, copies,
 * copies sent to peers, deletes, revokes through {@code CapOperations}, maps with a poke and a peek, peeks,
 * unmaps. While they run, each revoke is checked the moment it answers (nothing of it on another core, nothing
 * derived from it anywhere) and each peek that reached memory (its frame still held somewhere). With every core
 * quiet again:
 * <ul>
 *   <li>every core made all its operations, no owner's queue holds one, no capability is left in transit;</li>
 *   <li>the capabilities of all cores together nest as one core's would: two that overlap are copies, or one
 *       descends from the other (two mappings of one frame excepted);</li>
 *   <li>no mapping outlives its frame: each mapping capability on any core has its frame held on some core, and
 *       every core has a mapping window open exactly for each frame mapping it holds;</li>
 *   <li>every core's replica of the name registry and of the domain table is the same;</li>
 *   <li>after a final revoke of {@code top}, nothing of it is left on any core but {@code top} itself on core 0:
 *       no copy, no descendant, no mapping, and no address a holder mapped reaches memory.</li>
 * </ul>
 * A run that does not halt within {@link Setup#boundNs} of virtual time lost or deadlocked an operation.
 *
 * <p>The checks read every core's CPU driver from one core's user-level thread: allowed only because the
 * simulator runs every core on one thread, so nothing moves while they read. A seed fully determines a run.
 */
public final class CapsRun
{
    private static final long MIB = 1L << 20;
    /** Each core's page-table RAM: room for the tables of the regions random maps. */
    private static final long TABLES = 32 * 1024;

    /**
     * What to run.
     *
     * @param machine    the simulated machine.
     * @param cores      cores to boot, at least 2.
     * @param seed       everything random is drawn from it.
     * @param options    the simulator's jitter, slowdowns and stalls.
     * @param config     the monitors' configuration.
     * @param operations random operations per core.
     * @param peers      holders each core sends copies to.
     * @param startNs    the operations begin at this virtual time, not before (0: once set up).
     * @param boundNs    virtual time the whole run must end within.
     */
    public record Setup(MachineSpec machine, int cores, long seed, SimOptions options, MonitorConfig config,
        int operations, int peers, long startNs, long boundNs)
    {
    }

    /**
     * What came of a run.
     *
     * @param seed       the seed.
     * @param outcomes   how often each "operation outcome" came, over every core.
     * @param setupNs    virtual time when the setup was done.
     * @param endNs      virtual time when the checks began.
     * @param violations every invariant broken, empty when the run is good.
     */
    public record Result(long seed, Map<String, Long> outcomes, long setupNs, long endNs, List<String> violations)
    {
        /** True if every invariant held. */
        public boolean passed()
        {
            return violations.isEmpty();
        }

        /** How many outcomes of {@code operation} (its first word) were {@code outcome}. */
        public long count(final String operation, final String outcome)
        {
            return outcomes.getOrDefault(operation + " " + outcome, 0L);
        }
    }

    private CapsRun()
    {
    }

    /** Runs {@code setup}. */
    public static Result run(final Setup setup) throws InterruptedException
    {
        final int cores = setup.cores();
        final CpuDriver[] kernels = new CpuDriver[cores];
        final Monitor[] monitors = new Monitor[cores];
        final List<String> violations = new ArrayList<>();
        final Map<String, Long> outcomes = new TreeMap<>();
        final long[] times = new long[2];
        final MachineWitness witness = new MachineWitness(kernels);
        final BootImage image = BootImage.empty()
            .with("holder", () -> new DomainProgram(CapHolders.holder(core -> witness)))
            .with("driver", () -> new DomainProgram(driver(setup, kernels, monitors, witness, violations, outcomes,
                times)));
        try (SimPlatform sim = new SimPlatform(setup.machine(), cores, setup.options());
             PhysicalMemory memory = PhysicalMemory.reserve(128 * MIB, sim.machine().numaNodes()))
        {
            final SimInterconnect interconnect = new SimInterconnect(sim);
            final CoreBooter booter = (core, frame) ->
            {
                final CpuDriver kernel = new CpuDriver(core, memory, sim.clock(core)).meteredBy(sim.workMeter(core));
                monitors[core] = Monitor.application(core, setup.config(), image, interconnect, sim.clock(core),
                    kernel, frame);
                kernel.spawn("monitor", monitors[core]);
                kernels[core] = kernel;
                sim.startCore(core, kernel);
            };
            final CpuDriver kernel0 = new CpuDriver(0, memory, sim.clock(0)).meteredBy(sim.workMeter(0));
            kernels[0] = kernel0;
            final Monitor monitor0 = Monitor.bootstrap(setup.config(), image,
                new BootPlan(List.of(), Optional.of("driver"), 0), interconnect, sim.clock(0), kernel0, booter);
            monitors[0] = monitor0;
            kernel0.spawn("monitor", monitor0);
            sim.startCore(0, kernel0);
            if (!sim.awaitHalt(setup.boundNs()))
            {
                violations.add("the system did not halt within " + setup.boundNs() + " ns of virtual time: an "
                    + "operation was lost or deadlocked (the driver got to: " + (times[1] != 0 ? "the checks"
                    : times[0] != 0 ? "the operations" : "the setup") + ")");
            }
            else if (!monitor0.outcome().succeeded())
            {
                violations.add("the boot or the driver failed: " + monitor0.outcome().error().orElse(""));
            }
            if (!sim.faults().isEmpty())
            {
                violations.add("faults: " + sim.faults());
            }
        }
        return new Result(setup.seed(), outcomes, times[0], times[1], violations);
    }

    /** The boot task on core 0: sets up, lets every core loose, checks. */
    private static Domain driver(final Setup setup, final CpuDriver[] kernels, final Monitor[] monitors,
        final MachineWitness witness, final List<String> violations, final Map<String, Long> outcomes,
        final long[] times)
    {
        final Domain body = driverBody(setup, kernels, monitors, witness, violations, outcomes, times);
        return context ->
        {
            try
            {
                body.main(context);
            }
            catch (final RuntimeException e)
            {
                violations.add("the driver threw " + e);
            }
        };
    }

    private static Domain driverBody(final Setup setup, final CpuDriver[] kernels, final Monitor[] monitors,
        final MachineWitness witness, final List<String> violations, final Map<String, Long> outcomes,
        final long[] times)
    {
        return context ->
        {
            final Dispatcher self = context.dispatcher();
            final int cores = setup.cores();
            final SplittableRandom random = new SplittableRandom(setup.seed());
            final List<CapHolderBinding> holders = new ArrayList<>();
            holders.add(null); // core 0 is this domain's own script
            for (int core = 1; core < cores; core++)
            {
                context.spawn(core, "holder", List.of());
            }
            for (int core = 1; core < cores; core++)
            {
                holders.add(CapHolders.bind(context, core));
            }
            final RamAllocator ram = new RamAllocator(self.syscalls(), List.of(CSpaceLayout.taskRam()));
            final SlotAllocator slots = SlotAllocator.forDispatcher().growFrom(ram);
            final CapScript me = new CapScript(self, slots).witnessedBy(witness);
            final CapRef top = slots.allocate();
            ram.retype(CapType.RAM, 2 * MIB, 2 * MIB, top);
            final CapRef r = slots.allocate();
            self.syscalls().retype(top, 0, CapType.RAM, MIB, 1, CapRef.inRoot(r.l1Index()), r.l2Slot());
            me.name("r", r);
            CapHolders.serve(context, me); // the peers of other cores may send here too
            // every core's page tables come from RAM of its own, outside top: no revoke in the run reaches them
            final CapRef tables = slots.allocate();
            ram.retype(CapType.RAM, TABLES, TABLES, tables);
            me.name("!tables", tables);
            expect(0, "tables", me.run("tables !tables"), violations);
            for (int core = 1; core < cores; core++)
            {
                expect(core, "keep r", holders.get(core).keep(r, "r").startsWith("RAM ") ? "ok" : "refused", violations);
                final CapRef theirs = slots.allocate();
                ram.retype(CapType.RAM, TABLES, TABLES, theirs);
                expect(core, "keep tables", holders.get(core).keep(theirs, "!tables").startsWith("RAM ") ? "ok"
                    : "refused", violations);
                self.syscalls().delete(theirs); // the holder's own now: it owns it, and retypes it alone
                expect(core, "tables", holders.get(core).run("tables !tables"), violations);
            }
            final List<Reply<String>> bound = new ArrayList<>();
            for (int core = 0; core < cores; core++)
            {
                for (final int peer : peers(random, core, cores, setup.peers()))
                {
                    if (core == 0)
                    {
                        me.addPeer(CapHolders.bind(context, peer));
                    }
                    else
                    {
                        final Reply<String> reply = new Reply<>();
                        holders.get(core).run("peer " + peer, reply);
                        bound.add(reply);
                    }
                }
            }
            bound.forEach(self.threads()::await);
            times[0] = self.clock().nanoTime();
            if (setup.startNs() > 0)
            {
                if (times[0] > setup.startNs())
                {
                    violations.add("the setup took until " + times[0] + " ns, past " + setup.startNs()
                        + " ns, when the operations (and the faults) were to begin");
                }
                context.sleepNs(Math.max(0, setup.startNs() - times[0]));
            }

            final List<Reply<String>> replies = new ArrayList<>();
            replies.add(null);
            for (int core = 1; core < cores; core++)
            {
                final Reply<String> reply = new Reply<>();
                holders.get(core).run("random " + (setup.seed() * 31 + core) + " " + setup.operations(), reply);
                replies.add(reply);
            }
            count(0, me.run("random " + setup.seed() * 31 + " " + setup.operations()), setup, outcomes, violations);
            for (int core = 1; core < cores; core++)
            {
                self.threads().await(replies.get(core));
                count(core, replies.get(core).get(), setup, outcomes, violations);
            }
            times[1] = self.clock().nanoTime();

            violations.addAll(me.problems());
            for (int core = 1; core < cores; core++)
            {
                final String problems = holders.get(core).run("problems");
                if (!problems.isEmpty())
                {
                    violations.add(problems);
                }
            }
            for (final Monitor monitor : monitors)
            {
                if (monitor.capops().busyObjects() != 0)
                {
                    violations.add("core " + monitor.core() + " still runs operations on "
                        + monitor.capops().busyObjects() + " objects: one was lost or is stuck");
                }
            }
            for (final CpuDriver kernel : kernels)
            {
                if (kernel.capabilitiesInTransit() != 0 || kernel.capabilitiesArrived() != 0)
                {
                    violations.add("core " + kernel.core() + " has " + kernel.capabilitiesInTransit() + " capabilities "
                        + "given and not taken, and " + kernel.capabilitiesArrived() + " arrived and not received");
                }
            }
            final Capability topCap = self.syscalls().identify(top);
            witness.checkNested(topCap, violations);
            witness.checkMappings(topCap, violations);
            checkReplicas(monitors, violations);

            try
            {
                new CapOperations(self).revoke(top);
            }
            catch (final FlotillaException e)
            {
                violations.add("the final revoke of top: " + e.code());
            }
            witness.checkNothingSurvives(topCap, violations);
            witness.checkMappings(topCap, violations);
            if (!me.reachable().isEmpty())
            {
                violations.add("core 0 still reaches memory at " + me.reachable() + " after the final revoke");
            }
            for (int core = 1; core < cores; core++)
            {
                final String reachable = holders.get(core).run("reachable");
                if (!reachable.equals("[]"))
                {
                    violations.add("core " + core + " still reaches memory at " + reachable + " after the final revoke");
                }
            }
        };
    }

    private static void expect(final int core, final String step, final String answer, final List<String> violations)
    {
        if (!answer.equals("ok"))
        {
            violations.add("core " + core + ": " + step + " answered " + answer);
        }
    }

    /** {@code count} distinct cores other than {@code core}, drawn from {@code random}. */
    private static List<Integer> peers(final SplittableRandom random, final int core, final int cores, final int count)
    {
        final List<Integer> out = new ArrayList<>();
        while (out.size() < Math.min(count, cores - 1))
        {
            final int peer = random.nextInt(cores);
            if (peer != core && !out.contains(peer))
            {
                out.add(peer);
            }
        }
        return out;
    }

    /** Adds one core's answer to {@code random} ({key=count, ...}) to the totals; every operation must be there. */
    private static void count(final int core, final String answer, final Setup setup, final Map<String, Long> outcomes,
        final List<String> violations)
    {
        long made = 0;
        final String inner = answer.startsWith("{") && answer.endsWith("}") ? answer.substring(1, answer.length() - 1)
            : null;
        if (inner == null)
        {
            violations.add("core " + core + "'s operations answered " + answer);
            return;
        }
        for (final String entry : inner.isEmpty() ? new String[0] : inner.split(", "))
        {
            final int eq = entry.lastIndexOf('=');
            final long n = Long.parseLong(entry.substring(eq + 1));
            outcomes.merge(entry.substring(0, eq), n, Long::sum);
            made += n;
        }
        if (made != setup.operations())
        {
            violations.add("core " + core + " made " + made + " of its " + setup.operations() + " operations: "
                + answer);
        }
    }

    /** Every core's replica of the name registry and of the domain table is core 0's. */
    private static void checkReplicas(final Monitor[] monitors, final List<String> violations)
    {
        for (final Monitor monitor : monitors)
        {
            if (!monitor.nameReplica().equals(monitors[0].nameReplica()))
            {
                violations.add("core " + monitor.core() + "'s name registry " + monitor.nameReplica()
                    + " differs from core 0's " + monitors[0].nameReplica());
            }
            if (!monitor.spanReplica().equals(monitors[0].spanReplica()))
            {
                violations.add("core " + monitor.core() + "'s domain table " + monitor.spanReplica()
                    + " differs from core 0's " + monitors[0].spanReplica());
            }
        }
    }

    /** What every core's CPU driver holds, read on the simulator's one thread. */
    private static final class MachineWitness implements CapScript.Witness
    {
        private final CpuDriver[] kernels;

        MachineWitness(final CpuDriver[] kernels)
        {
            this.kernels = kernels;
        }

        @Override
        public List<String> afterRevoke(final int core, final Capability revoked)
        {
            final List<String> out = new ArrayList<>();
            for (int c = 0; c < kernels.length && out.size() < 5; c++)
            {
                for (final CapabilityRecord record : kernels[c].capabilitySnapshot())
                {
                    final Capability x = record.capability();
                    if (c != core && MdbOrder.isCopy(x, revoked))
                    {
                        out.add("core " + c + " still holds a copy of " + revoked + " after core " + core
                            + "'s revoke of it answered");
                    }
                    else if (MdbOrder.isAncestor(x, revoked))
                    {
                        out.add("core " + c + " still holds " + x + ", derived from " + revoked + ", after core "
                            + core + "'s revoke of it answered");
                    }
                }
            }
            return out;
        }

        @Override
        public boolean frameLive(final Capability frame)
        {
            for (final CpuDriver kernel : kernels)
            {
                for (final CapabilityRecord record : kernel.capabilitySnapshot())
                {
                    if (MdbOrder.isCopy(record.capability(), frame))
                    {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Every core's capabilities in {@code top}'s range, but {@code top}'s ancestors. */
        private List<Capability> inside(final CpuDriver kernel, final Capability top)
        {
            final List<Capability> out = new ArrayList<>();
            for (final CapabilityRecord record : kernel.capabilitySnapshot())
            {
                final Capability c = record.capability();
                if (c.type().root() == top.type().root() && c.base() < top.end() && top.base() < c.end()
                    && !MdbOrder.isAncestor(top, c))
                {
                    out.add(c);
                }
            }
            return out;
        }

        /** Across all cores, two capabilities that overlap are copies or ancestor and descendant. */
        void checkNested(final Capability top, final List<String> violations)
        {
            final List<Capability> all = new ArrayList<>();
            for (final CpuDriver kernel : kernels)
            {
                all.addAll(inside(kernel, top));
            }
            all.sort(Comparator.comparingLong(Capability::base));
            final int before = violations.size();
            for (int i = 0; i < all.size() && violations.size() < before + 5; i++)
            {
                final Capability a = all.get(i);
                // sorted by base: only those that start before a ends can overlap it
                for (int j = i + 1; j < all.size() && all.get(j).base() < a.end(); j++)
                {
                    final Capability b = all.get(j);
                    if (a.type().isMapping() && b.type().isMapping())
                    {
                        continue; // two mappings of one frame, or of nested frames: leaves, both
                    }
                    if (!MdbOrder.isCopy(a, b) && !MdbOrder.isAncestor(a, b)
                        && !MdbOrder.isAncestor(b, a))
                    {
                        violations.add("overlapping and unrelated: " + a + " and " + b);
                    }
                }
            }
        }

        /**
         * No mapping outlives its frame: every mapping capability in {@code top}'s range has a frame it maps on
         * some core, and every core's open mapping windows are exactly its mapping capabilities.
         */
        void checkMappings(final Capability top, final List<String> violations)
        {
            final List<Capability> frames = new ArrayList<>();
            for (final CpuDriver kernel : kernels)
            {
                for (final Capability c : inside(kernel, top))
                {
                    if (c.type() == CapType.FRAME)
                    {
                        frames.add(c);
                    }
                }
            }
            for (final CpuDriver kernel : kernels)
            {
                int mappings = 0;
                for (final CapabilityRecord record : kernel.capabilitySnapshot())
                {
                    final Capability m = record.capability();
                    if (!m.type().isMapping())
                    {
                        continue;
                    }
                    if (m.type() == CapType.FRAME_MAPPING)
                    {
                        mappings++; // a page table's mapping in its parent opens no window
                    }
                    final boolean inTop = m.base() < top.end() && top.base() < m.end();
                    if (inTop && frames.stream().noneMatch(f -> MdbOrder.isAncestor(m, f)))
                    {
                        violations.add("core " + kernel.core() + " holds " + m + ", whose frame no core holds");
                    }
                }
                if (mappings != kernel.openMappings())
                {
                    violations.add("core " + kernel.core() + " holds " + mappings + " frame mappings and has "
                        + kernel.openMappings() + " mapping windows open");
                }
            }
        }

        /** After the revoke of top: no core holds anything in its range but copies of top itself, and only core 0. */
        void checkNothingSurvives(final Capability top, final List<String> violations)
        {
            for (int core = 0; core < kernels.length; core++)
            {
                for (final Capability c : inside(kernels[core], top))
                {
                    if (core != 0 || !MdbOrder.isCopy(c, top))
                    {
                        violations.add("core " + core + " still holds " + c + " after the final revoke");
                    }
                }
            }
        }
    }
}
