package dev.flotilla.sim;

import dev.flotilla.platform.Agent;
import dev.flotilla.platform.CoreFault;
import dev.flotilla.platform.CoreWakeup;
import dev.flotilla.platform.NanoClock;
import dev.flotilla.platform.PinStatus;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.SharedMemory;
import dev.flotilla.platform.WorkMeter;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.sim.machine.CostModel;
import dev.flotilla.sim.machine.MachineSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated platform: a discrete-event simulation that steps every core's agent from the one host
 * thread that calls {@link #awaitHalt}, in virtual time.
 *
 * <p><b>Events.</b> The only event is "core c steps at time t". A core is scheduled when it starts,
 * when a message reaches it (its doorbell), when its agent's timer ({@link Agent#wakeupDeadlineNs()})
 * falls due, when someone rings its {@link CoreWakeup}, and straight after a step that did work. Each
 * core has at most one valid pending event ({@link SimCore#scheduledAt}); an earlier wake-up replaces
 * a later one, which stays in the queue as a stale entry and is skipped.
 *
 * <p><b>Time</b> is kept in picoseconds ({@link VirtualTime}) and shown to the OS in nanoseconds.
 *
 * <p><b>A step</b> starts at the event's time, charges the machine's step cost, runs
 * {@code doWork(now)} while channels charge what the agent sends and receives, and ends at the core's
 * advanced clock. A message sent at time t from a to b becomes visible to b at t + transfer(a, b)
 * (plus jitter), and rings b's doorbell then. After the step, the core runs again at once if it did
 * work or a message arrived during the step; otherwise it sleeps until the next arrival or its
 * timer, whichever is first — the paper's "poll, then block", with the block free of cost.
 *
 * <p><b>Causality.</b> Steps run in order of their start times. A step is atomic: it sees messages
 * from steps that began before it, if they have arrived by the time it looks. A message that would
 * have arrived during a step from a step that began later is seen by the next step, as if it had
 * arrived just after the poll — never lost, never early.
 *
 * <p><b>Determinism.</b> Nothing here reads the host clock or depends on host scheduling or identity
 * hashes. Simultaneous events are ordered by a number drawn from the seeded generator when each is
 * scheduled; jitter is drawn from the same generator. Equal seeds and inputs give equal traces
 * ({@link #traceHash()}).
 *
 * <p>Confined to one host thread: the one that starts core 0 and calls {@link #awaitHalt}.
 */
public final class SimPlatform implements Platform
{
    private final MachineSpec spec;
    private final CostModel costs;
    private final SimOptions options;
    private final Machine machine;
    private final SimCore[] cores;
    private final EventQueue queue = new EventQueue();
    private final SplittableRandom random;
    private final TraceHash trace = new TraceHash();
    private final SimSharedMemory memory = new SimSharedMemory();
    private final List<CoreFault> faults = new ArrayList<>();
    private SimCore current;
    private long nowPs;
    private int running;
    private long deliveries;
    private boolean closed;

    /** All cores of {@code spec}, the default seed, no faults. */
    public SimPlatform(final MachineSpec spec)
    {
        this(spec, spec.cores(), SimOptions.DEFAULTS);
    }

    /**
     * @param spec      the machine to simulate.
     * @param coreCount how many kernels to run: cores 0..coreCount-1 of the machine.
     * @param options   seed and faults.
     */
    public SimPlatform(final MachineSpec spec, final int coreCount, final SimOptions options)
    {
        if (coreCount < 1 || coreCount > spec.cores())
        {
            throw new IllegalArgumentException("simulated machine " + spec.name() + " has " + spec.cores()
                + " cores; cannot run " + coreCount + " kernels on it");
        }
        this.spec = spec;
        this.costs = spec.costModel();
        this.options = options;
        this.machine = spec.topology();
        this.random = new SplittableRandom(options.seed());
        this.cores = new SimCore[coreCount];
        for (int core = 0; core < coreCount; core++)
        {
            final int id = core;
            cores[core] = new SimCore(core,
                options.slowdowns().stream().filter(s -> s.core() == id).toArray(CoreSlowdown[]::new));
        }
        for (final CoreSlowdown slowdown : options.slowdowns())
        {
            checkCore(slowdown.core());
        }
    }

    @Override
    public String name()
    {
        return "sim:" + spec.name();
    }

    @Override
    public boolean isSimulated()
    {
        return true;
    }

    @Override
    public Machine machine()
    {
        return machine;
    }

    @Override
    public int coreCount()
    {
        return cores.length;
    }

    /** Each core's own virtual clock. */
    @Override
    public NanoClock clock(final int core)
    {
        return core(core);
    }

    /**
     * Charges {@code core}'s clock for the kernel's work as the cost model prices it; to be called by the core's
     * own agent during its step (a call from elsewhere would charge a clock that is not running).
     */
    @Override
    public WorkMeter workMeter(final int core)
    {
        final SimCore target = core(core);
        final long switchPs = costs.contextSwitchPs();
        final long syscallPs = costs.syscallPs();
        return work ->
        {
            if (current != target)
            {
                throw new IllegalStateException("core " + core + "'s work charged outside its step");
            }
            target.charge(work == WorkMeter.Work.CONTEXT_SWITCH ? switchPs : syscallPs);
        };
    }

    @Override
    public SharedMemory sharedMemory()
    {
        return memory;
    }

    /**
     * A wake-up that schedules the core at the waker's current time: the waking core's clock inside a
     * step, the simulation's time from the host.
     */
    @Override
    public CoreWakeup wakeup(final int core)
    {
        final SimCore target = core(core);
        return () ->
        {
            final long at = current != null ? current.now : nowPs;
            final boolean sleeping = target.started() && !target.halted && target.scheduledAt > at;
            schedule(target, at);
            return sleeping;
        };
    }

    /** Starts the core at the starter's current time; may be called from inside another core's step. */
    @Override
    public void startCore(final int core, final Agent agent)
    {
        final SimCore target = core(core);
        if (closed)
        {
            throw new IllegalStateException("the simulated platform is closed");
        }
        if (target.started())
        {
            throw new IllegalStateException("core " + core + " was already started (sim seed " + options.seed() + ")");
        }
        final long at = current != null ? current.now : nowPs;
        target.agent = agent;
        target.now = Math.max(target.now, at);
        running++;
        schedule(target, at);
    }

    @Override
    public PinStatus pinStatus(final int core)
    {
        if (!core(core).started())
        {
            throw new IllegalStateException("core " + core + " has not been started");
        }
        return new PinStatus(core, core, true, false, "simulated core in package " + spec.packageOf(core));
    }

    /**
     * Runs the event loop on the calling thread until every started core has halted, an agent fails,
     * nothing is left to happen, or {@code timeoutNs} of virtual time has passed.
     */
    @Override
    public boolean awaitHalt(final long timeoutNs)
    {
        final long timeoutPs = VirtualTime.ps(timeoutNs);
        final long limit = timeoutPs > Long.MAX_VALUE - nowPs ? Long.MAX_VALUE : nowPs + timeoutPs;
        while (running > 0 && faults.isEmpty())
        {
            if (queue.isEmpty() || queue.peekTime() > limit)
            {
                nowPs = Math.max(nowPs, limit == Long.MAX_VALUE ? nowPs : limit);
                return false;
            }
            final long time = queue.peekTime();
            final SimCore core = cores[(int)queue.peekKey()];
            queue.pop();
            nowPs = time;
            if (!core.halted && time == core.scheduledAt)
            {
                step(core, time);
            }
        }
        return running == 0;
    }

    private void step(final SimCore core, final long time)
    {
        core.scheduledAt = SimCore.NOT_SCHEDULED;
        final long start = Math.max(time, core.now);
        core.costScale = 1;
        if (core.slowdowns.length > 0)
        {
            final CoreSlowdown slowdown = core.slowdownAt(start);
            if (slowdown != null && slowdown.stalls())
            {
                schedule(core, VirtualTime.ps(slowdown.untilNs()));
                return;
            }
            core.costScale = slowdown == null ? 1 : slowdown.factor();
        }
        core.now = start;
        final Agent agent = core.agent;
        final int work;
        current = core;
        try
        {
            core.charge(costs.stepPs());
            work = agent.doWork(VirtualTime.ns(core.now));
        }
        catch (final RuntimeException | Error ex)
        {
            current = null;
            faults.add(new CoreFault(core.id, agent.roleName(), ex));
            halt(core);
            return;
        }
        current = null;
        trace.record(start, core.id, TraceHash.STEP, work);
        if (agent.isHalted())
        {
            halt(core);
            agent.onClose();
            return;
        }
        final long end = core.now;
        if (core.doorbells.drainThrough(start, end) || work > 0)
        {
            schedule(core, end);
            return;
        }
        final long next = Math.min(core.doorbells.earliest(), VirtualTime.ps(agent.wakeupDeadlineNs()));
        core.sleeps++; // idle: the core waits for a message or its timer, as a real core parks
        if (next != Long.MAX_VALUE)
        {
            schedule(core, next);
        }
    }

    /** How many times {@code core} went idle until its next message or timer (a real core's park). */
    @Override
    public long parks(final int core)
    {
        return core(core).sleeps;
    }

    private void halt(final SimCore core)
    {
        core.halted = true;
        running--;
    }

    /** Makes {@code core} step at {@code time}, or at its own clock if that is later, unless it already runs sooner. */
    void schedule(final SimCore core, final long time)
    {
        if (!core.started() || core.halted)
        {
            return;
        }
        final long at = Math.max(time, core.now);
        if (at < core.scheduledAt)
        {
            core.scheduledAt = at;
            queue.push(at, ((long)(random.nextInt() >>> 1) << 32) | core.id);
        }
    }

    /**
     * A message reaches {@code core} at {@code time}: it rings the core's doorbell then.
     *
     * @return true if the core would have slept past {@code time}: the ring wakes it.
     */
    boolean ring(final SimCore core, final long time)
    {
        if (core.halted)
        {
            return false;
        }
        core.doorbells.push(time);
        final boolean sleeping = core.started() && core.scheduledAt > time;
        schedule(core, time);
        return sleeping;
    }

    /** A seeded draw of extra flight time for one message, in picoseconds. */
    long jitterPs()
    {
        return options.jitterNs() == 0 ? 0 : random.nextLong(VirtualTime.ps(options.jitterNs()) + 1);
    }

    /** Records a delivery in the trace. */
    void delivered(final SimCore core, final int type, final int length)
    {
        deliveries++;
        trace.record(core.now, core.id, TraceHash.DELIVERY, ((long)type << 20) | length);
    }

    /**
     * For tests and tools that drive channel endpoints directly, without the event loop: moves a
     * core's clock forward to {@code timePs} as if it had stepped until then, forgetting the doorbells
     * it passed.
     */
    void advance(final int core, final long timePs)
    {
        final SimCore target = core(core);
        final long start = target.now;
        target.now = Math.max(target.now, timePs);
        target.doorbells.drainThrough(start, target.now);
        nowPs = Math.max(nowPs, target.now);
    }

    /**
     * For workload models running on the simulator (benchmarks, the coherence model): charges work of
     * {@code ps} picoseconds to {@code core}, which must be the core now stepping. A slowed core pays
     * its slowdown factor on it.
     *
     * @throws IllegalStateException if {@code core} is not the core now stepping: time is spent only
     *         by the core doing the work.
     */
    public void chargePs(final int core, final long ps)
    {
        stepping(core).charge(ps);
    }

    /**
     * For workload models: {@code core} (the core now stepping) waits until virtual time {@code ps},
     * as a core stalled on a cache line that another core's transfer still holds.
     */
    public void waitUntilPs(final int core, final long ps)
    {
        final SimCore waiting = stepping(core);
        waiting.now = Math.max(waiting.now, ps);
    }

    /** The virtual clock of {@code core}, in picoseconds. */
    public long clockPs(final int core)
    {
        return core(core).now;
    }

    private SimCore stepping(final int core)
    {
        if (current == null || current.id != core)
        {
            throw new IllegalStateException("core " + core + " is not stepping; only the core doing the work spends time");
        }
        return current;
    }

    SimCore core(final int core)
    {
        checkCore(core);
        return cores[core];
    }

    private void checkCore(final int core)
    {
        if (core < 0 || core >= cores.length)
        {
            throw new IllegalArgumentException("no core " + core + "; this simulation runs cores 0.." + (cores.length - 1));
        }
    }

    /** The cost model every charge comes from. */
    public CostModel costs()
    {
        return costs;
    }

    /** The simulated machine's description. */
    public MachineSpec spec()
    {
        return spec;
    }

    /** The options this run was given, its seed first. */
    public SimOptions options()
    {
        return options;
    }

    /** Virtual time of the latest event run (the simulation's "now" from the host's point of view). */
    public long nowNs()
    {
        return VirtualTime.ns(nowPs);
    }

    /** The hash of the event trace so far. */
    public long traceHash()
    {
        return trace.value();
    }

    /** Core steps taken so far, all cores together. */
    public long steps()
    {
        return trace.records() - deliveries;
    }

    /** Messages delivered on simulated channels so far. */
    public long deliveries()
    {
        return deliveries;
    }

    /** The run so far, for reports. */
    public SimSummary summary()
    {
        return new SimSummary(spec.name(), options.seed(), traceHash(), nowNs(), steps(), deliveries);
    }

    @Override
    public List<Integer> runningCores()
    {
        final List<Integer> list = new ArrayList<>();
        for (int core = 0; core < cores.length; core++)
        {
            if (cores[core].started() && !cores[core].halted)
            {
                list.add(core);
            }
        }
        return List.copyOf(list);
    }

    @Override
    public List<CoreFault> faults()
    {
        return List.copyOf(faults);
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            memory.close();
        }
    }
}
