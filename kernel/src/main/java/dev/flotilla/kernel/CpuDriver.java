package dev.flotilla.kernel;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.cspace.CSpace;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.cspace.CoreCapabilities;
import dev.flotilla.caps.cspace.Cte;
import dev.flotilla.caps.cspace.Deletion;
import dev.flotilla.platform.Agent;
import dev.flotilla.platform.NanoClock;
import dev.flotilla.platform.WorkMeter;
import dev.flotilla.platform.memory.MemoryRegion;
import dev.flotilla.platform.memory.PhysicalMemory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The CPU driver: the kernel of one core. Single-threaded, event-driven and non-preemptible — the
 * platform steps it on its core, and each step dispatches every runnable dispatcher once, round
 * robin, each for one bounded upcall. It shares no state with any other core's CPU driver; all
 * communication between cores is done by dispatchers (the monitor first) over channels.
 *
 * <p>Kernel services that in Barrelfish are system calls are methods here, callable only from code
 * running on this core during a step (checked by {@link #assertOnCore()}): {@link #spawn} adds a
 * dispatcher, {@link #halt()} — which Barrelfish's monitor reaches through its Kernel capability —
 * stops the core after the current step, and {@link #syscalls()} invokes capabilities.
 *
 * <p><b>Capabilities and memory.</b> The CPU driver owns its core's capability state
 * ({@link CoreCapabilities}) and is the only holder of physical memory on its core. Each dispatcher gets
 * a CSpace of the {@link CSpaceLayout}; capability invocations act on the running dispatcher's CSpace
 * only. At boot, core 0's CPU driver creates the initial RAM capabilities, one per NUMA node region,
 * covering all physical memory, in the SUPERCN of its first dispatcher (Barrelfish's init: the bootstrap
 * monitor); no other core creates memory capabilities.
 *
 * <p><b>Blocked dispatchers and time slices.</b> A dispatcher that says it is not
 * {@linkplain Upcall#runnable(long) runnable}, and whose timer is not due, is passed over in a round and
 * counted as skipped; the order of the others is unchanged. Given a clock, the CPU driver also times each
 * dispatch against its time slice ({@link #DEFAULT_TIME_SLICE_NS} unless told otherwise) and counts the
 * dispatches that ran past it — on the dispatcher's control block and here. It cannot preempt one: the JVM
 * has no way to interrupt a running upcall, so the slice is a measure of how well dispatchers keep their
 * steps bounded, not a limit.
 */
public final class CpuDriver implements Agent
{
    /** The time slice when none is given: 1 ms, a typical scheduler quantum. */
    public static final long DEFAULT_TIME_SLICE_NS = 1_000_000L;

    private final int core;
    private final String role;
    private final List<DispatcherControlBlock> runQueue = new ArrayList<>();
    private final CoreCapabilities caps;
    private final PhysicalMemory memory;
    private final KernelMemory kernelMemory;
    private final CapabilityTransit transit;
    private final MappingWindows windows;
    private final Syscalls syscalls = new Syscalls(this);
    private final List<BootCapability> bootCapabilities = new ArrayList<>();
    /** Times dispatches for slice accounting; null when the CPU driver was built without one. */
    private final NanoClock clock;
    private final long timeSliceNs;
    private CSpace initCSpace;
    private DispatcherControlBlock current;
    private boolean stepping;
    private Thread stepThread;
    private boolean halted;
    private int next;
    private long steps;
    private long dispatches;
    private long overruns;
    /** Written only by this core's thread (dispatch); read by its monitor on the same core. */
    private long busyNs;
    /** Set before the core starts (published by its start); charged on the core's thread only. */
    private WorkMeter meter = WorkMeter.NONE;
    /** No dispatch of this step has been timed yet. */
    private static final long NO_MARK = Long.MIN_VALUE;
    /** When the last timed dispatch of this step ended (the next one's start); this core's thread only. */
    private long markNs = NO_MARK;
    /** The dispatcher dispatched last: running another one is a context switch. */
    private DispatcherControlBlock last;
    private long longestDispatchNs;
    private long skipped;

    /** A CPU driver on a machine without RAM: its dispatchers get CSpaces, but no memory exists to give them. */
    public CpuDriver(final int core)
    {
        this(core, PhysicalMemory.none());
    }

    /**
     * A CPU driver for {@code core} of a machine whose RAM is {@code memory}; on core 0 it creates the initial
     * RAM capabilities for all of it.
     */
    public CpuDriver(final int core, final PhysicalMemory memory)
    {
        this(core, memory, DEFAULT_TIME_SLICE_NS, null);
    }

    /**
     * A CPU driver as {@link #CpuDriver(int, PhysicalMemory)} makes, which also times every dispatch on
     * {@code clock} against the {@linkplain #DEFAULT_TIME_SLICE_NS default time slice}.
     */
    public CpuDriver(final int core, final PhysicalMemory memory, final NanoClock clock)
    {
        this(core, memory, DEFAULT_TIME_SLICE_NS, requireClock(clock));
    }

    /**
     * A CPU driver that times every dispatch on {@code clock} (the core's clock: virtual on the simulator)
     * and counts an overrun for each that takes longer than {@code timeSliceNs}.
     *
     * @throws IllegalArgumentException if {@code timeSliceNs} is not positive.
     */
    public CpuDriver(final int core, final PhysicalMemory memory, final NanoClock clock, final long timeSliceNs)
    {
        this(core, memory, positiveSlice(timeSliceNs), requireClock(clock));
    }

    private static NanoClock requireClock(final NanoClock clock)
    {
        return Objects.requireNonNull(clock, "clock");
    }

    private static long positiveSlice(final long timeSliceNs)
    {
        if (timeSliceNs <= 0)
        {
            throw new IllegalArgumentException("timeSliceNs: " + timeSliceNs + " is not positive");
        }
        return timeSliceNs;
    }

    /** The one constructor the public ones share; {@code clock} is null for no slice accounting. */
    private CpuDriver(final int core, final PhysicalMemory memory, final long timeSliceNs, final NanoClock clock)
    {
        this.clock = clock;
        this.timeSliceNs = timeSliceNs;
        this.core = core;
        this.role = "core-" + core + "-kernel";
        this.caps = new CoreCapabilities(core);
        this.memory = memory;
        this.kernelMemory = new KernelMemory(core);
        this.windows = new MappingWindows(memory);
        final boolean bootstrap = core == 0 && !memory.regions().isEmpty();
        this.initCSpace = CSpaceLayout.build(caps, kernelMemory, bootstrap);
        this.transit = new CapabilityTransit(caps, kernelMemory);
        caps.create(initCSpace, CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_TASKCN), CSpaceLayout.TASKCN_SLOT_KERNELCAP,
            CapType.KERNEL, 0, 0);
        if (bootstrap)
        {
            createInitialRam();
        }
    }

    /**
     * Reports this CPU driver's work — context switches, system calls — to {@code workMeter} (the platform's:
     * the simulator charges it in virtual time). Before the core starts.
     */
    public CpuDriver meteredBy(final WorkMeter workMeter)
    {
        this.meter = Objects.requireNonNull(workMeter, "workMeter");
        return this;
    }

    /** Where this CPU driver's system calls report themselves. */
    WorkMeter meter()
    {
        return meter;
    }

    /** One RAM capability per NUMA node region, in the SUPERCN of the first dispatcher's CSpace. */
    private void createInitialRam()
    {
        final List<MemoryRegion> regions = memory.regions();
        for (int i = 0; i < regions.size(); i++)
        {
            final MemoryRegion region = regions.get(i);
            final CapRef ref = CSpaceLayout.superRam(i);
            final Cte cte = caps.create(initCSpace, CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_SUPERCN), ref.l2Slot(),
                CapType.RAM, region.base(), region.size());
            bootCapabilities.add(new BootCapability(ref, cte.capability(), region.node()));
        }
    }

    /**
     * Adds a dispatcher to this core's run queue, with a CSpace of its own. The first dispatcher gets the
     * CSpace the CPU driver built at boot (on core 0, the one holding the initial RAM capabilities).
     * Before the core starts, the booting code may call it (as the boot image carries the first
     * dispatcher); afterwards only code on this core may.
     */
    public DispatcherControlBlock spawn(final String name, final Upcall upcall)
    {
        if (steps > 0)
        {
            assertOnCore();
        }
        final CSpace cspace = initCSpace != null ? initCSpace : CSpaceLayout.build(caps, kernelMemory, false);
        initCSpace = null;
        CSpaceLayout.addDispatcher(caps, kernelMemory, cspace);
        final long listener = cspace.lookup(CSpaceLayout.dispatcherCap(), "dispatcher").capability().base();
        final DispatcherControlBlock dcb = new DispatcherControlBlock(name, upcall, cspace, listener);
        runQueue.add(dcb);
        return dcb;
    }

    /**
     * Adds a dispatcher as {@link #spawn(String, Upcall)} does, and copies the RAM capability {@code ram}
     * from the running dispatcher's CSpace into the new one's {@link CSpaceLayout#taskRam()} — the spawner
     * handing its child memory (the spawner keeps its own copy, and may delete it).
     *
     * @throws CapabilityException if {@code ram} is not a RAM capability of the caller;
     *                                               then nothing was spawned.
     */
    public DispatcherControlBlock spawn(final String name, final Upcall upcall, final CapRef ram)
    {
        final CSpace from = callerCSpace();
        final Capability given = from.lookup(ram, "ram").capability();
        if (given.type() != CapType.RAM)
        {
            throw new CapabilityException(ErrorCode.INVALID_SOURCE_TYPE, "ram: " + ram + " holds " + given.type() + ", not RAM");
        }
        final DispatcherControlBlock dcb = spawn(name, upcall);
        caps.transfer(from, ram, dcb.cspace(), CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_TASKCN),
            CSpaceLayout.TASKCN_SLOT_RAM);
        return dcb;
    }

    /**
     * Makes a dispatcher as {@link #spawn(String, Upcall, CapRef)} does, giving it every capability of
     * {@code rams} (RAM each) in task slots {@link CSpaceLayout#taskRam(int) taskRam(0..)}: how init hands
     * the memory service one RAM capability per NUMA node.
     */
    public DispatcherControlBlock spawn(final String name, final Upcall upcall, final List<CapRef> rams)
    {
        final CSpace from = callerCSpace();
        for (final CapRef ram : rams)
        {
            final Capability given = from.lookup(ram, "ram").capability();
            if (given.type() != CapType.RAM)
            {
                throw new CapabilityException(ErrorCode.INVALID_SOURCE_TYPE, "ram: " + ram + " holds " + given.type()
                    + ", not RAM");
            }
        }
        if (!rams.isEmpty())
        {
            CSpaceLayout.taskRam(rams.size() - 1); // refuses more than the task CNode has room for, before anything
        }
        final DispatcherControlBlock dcb = spawn(name, upcall);
        for (int i = 0; i < rams.size(); i++)
        {
            caps.transfer(from, rams.get(i), dcb.cspace(), CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_TASKCN),
                CSpaceLayout.taskRam(i).l2Slot());
        }
        return dcb;
    }

    /**
     * Copies capability {@code source} of the running dispatcher (a spawner) into task slot {@code taskSlot} of
     * {@code child}, a dispatcher it spawned on this core: how a spawner hands a child a capability it should
     * start with beyond its RAM (the SKB write capability, {@link CSpaceLayout#TASKCN_SLOT_SKB_WRITE}). The
     * spawner keeps its own copy.
     *
     * @throws CapabilityException if {@code source} is empty or the child's slot is taken; nothing copied.
     */
    public void giveTask(final DispatcherControlBlock child, final CapRef source, final int taskSlot)
    {
        caps.transfer(callerCSpace(), source, child.cspace(), CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_TASKCN), taskSlot);
    }

    /**
     * Copies the DISPATCHER capability of {@code child}, a dispatcher of this core, into slot {@code destSlot} of
     * {@code destCNode} of the running dispatcher (its spawner, the monitor): Barrelfish's spawner keeps the
     * dispatcher capability of what it spawned, and the monitor derives the child's endpoints from its copy.
     *
     * @throws CapabilityException if the child no longer holds it or the slot is taken; nothing copied.
     */
    public void keepDispatcher(final DispatcherControlBlock child, final CapRef destCNode, final int destSlot)
    {
        caps.transfer(child.cspace(), CSpaceLayout.dispatcherCap(), callerCSpace(), destCNode, destSlot);
    }

    /** Stops this core once the current step ends: no dispatcher runs again. */
    public void halt()
    {
        assertOnCore();
        halted = true;
    }

    @Override
    public int doWork(final long nowNs)
    {
        stepping = true;
        stepThread = Thread.currentThread();
        steps++;
        try
        {
            int work = 0;
            markNs = NO_MARK;
            final int count = runQueue.size();
            for (int i = 0; i < count && !halted; i++)
            {
                if (next >= runQueue.size())
                {
                    next = 0;
                }
                final DispatcherControlBlock dcb = runQueue.get(next);
                if (dcb.wantsToRun(nowNs))
                {
                    work += dispatch(dcb, nowNs);
                }
                else
                {
                    dcb.skip();
                    skipped++;
                }
                if (dcb.upcall().hasExited())
                {
                    runQueue.remove(next);
                    if (dcb.cspace().isLive())
                    {
                        release(caps.closeCSpace(dcb.cspace()));
                    }
                }
                else
                {
                    next++;
                }
            }
            return work;
        }
        finally
        {
            stepping = false;
        }
    }

    /** Runs one dispatcher's upcall as the current one, timing it against the slice when there is a clock. */
    private int dispatch(final DispatcherControlBlock dcb, final long nowNs)
    {
        current = dcb;
        dispatches++;
        if (last != dcb)
        {
            meter.charge(WorkMeter.Work.CONTEXT_SWITCH);
            last = dcb;
        }
        try
        {
            if (clock == null)
            {
                return dcb.dispatch(nowNs);
            }
            // one clock read per dispatch: the end of one dispatch is the start of the next in the same step
            final long start = markNs == NO_MARK ? clock.nanoTime() : markNs;
            final int done = dcb.dispatch(nowNs);
            markNs = clock.nanoTime();
            final long elapsedNs = markNs - start;
            longestDispatchNs = Math.max(longestDispatchNs, elapsedNs);
            if (done > 0)
            {
                busyNs += elapsedNs; // a dispatch that found nothing to do is the core idling, not working
            }
            if (dcb.account(elapsedNs, timeSliceNs))
            {
                overruns++;
            }
            return done;
        }
        finally
        {
            current = null;
        }
    }

    @Override
    public long wakeupDeadlineNs()
    {
        long deadline = Long.MAX_VALUE;
        for (final DispatcherControlBlock dcb : runQueue)
        {
            deadline = Math.min(deadline, dcb.upcall().wakeupDeadlineNs());
        }
        return deadline;
    }

    @Override
    public boolean isHalted()
    {
        return halted;
    }

    @Override
    public String roleName()
    {
        return role;
    }

    /**
     * The capability system calls. They act for whichever dispatcher this CPU driver is running when they
     * are called, on that dispatcher's CSpace.
     */
    public Syscalls syscalls()
    {
        return syscalls;
    }

    /** The capabilities this CPU driver created at boot for its first dispatcher: on core 0, the initial RAM. */
    public List<BootCapability> bootCapabilities()
    {
        return Collections.unmodifiableList(bootCapabilities);
    }

    /** How many frame mappings on this core have an open window. */
    public int openMappings()
    {
        return windows.size();
    }

    /** This core's number. */
    public int core()
    {
        return core;
    }

    /** How many steps the core has taken. */
    public long steps()
    {
        return steps;
    }

    /** The time slice a dispatch is measured against; meaningful only {@linkplain #timesDispatches() with a clock}. */
    public long timeSliceNs()
    {
        return timeSliceNs;
    }

    /** True if this CPU driver was given a clock, so that it times dispatches and counts overruns. */
    public boolean timesDispatches()
    {
        return clock != null;
    }

    /** How many dispatches this core ran, of any dispatcher, those that have exited included. */
    public long dispatches()
    {
        return dispatches;
    }

    /** How many dispatches on this core, of any dispatcher, ran past the time slice. */
    public long overruns()
    {
        return overruns;
    }

    /**
     * Time spent in dispatches that did work (sent, received, ran a thread or a step), in the core's clock: with
     * the wall time between two readings, the share of the core that was busy. 0 without a clock.
     */
    public long busyNs()
    {
        return busyNs;
    }

    /**
     * The longest single dispatch on this core so far, of any dispatcher (those that have exited included), in
     * nanoseconds of the CPU driver's clock; 0 without a clock.
     */
    public long longestDispatchNs()
    {
        return longestDispatchNs;
    }

    /** How many times a blocked dispatcher was passed over, summed over all dispatchers of this core. */
    public long skippedWhileBlocked()
    {
        return skipped;
    }

    /** The dispatchers on this core, in run-queue order. */
    public List<DispatcherControlBlock> dispatchers()
    {
        return Collections.unmodifiableList(runQueue);
    }

    /**
     * Fails if called outside one of this core's steps: kernel state is touched only by its own core,
     * and a call from elsewhere is a bug in the caller (another core must send a message instead).
     */
    public void assertOnCore()
    {
        if (!stepping || stepThread != Thread.currentThread())
        {
            throw new IllegalStateException(role + " was called outside its own core's step");
        }
    }

    /** The DISPATCHER object of the dispatcher running now: the listener of the endpoints it may bind. */
    long callerListener()
    {
        callerCSpace();
        return current.listener();
    }

    /** The CSpace of the dispatcher running now: the only one a system call may name capabilities in. */
    CSpace callerCSpace()
    {
        assertOnCore();
        if (current == null)
        {
            throw new IllegalStateException(role + ": a system call needs a running dispatcher");
        }
        return current.cspace();
    }

    CapabilityTransit transit()
    {
        return transit;
    }

    /** Capabilities given by one dispatcher of this core and not yet taken by another. */
    public int capabilitiesInTransit()
    {
        return transit.inTransit();
    }

    /** Capabilities another core sent that wait here for the message that carries them to be received. */
    public int capabilitiesArrived()
    {
        return transit.arrived();
    }

    /**
     * Objects this core sent copies of to other cores, each held here by one copy of the CPU driver's own (its
     * record of the remote copy), so that no local retype or reuse of an ancestor's memory can hand out that
     * memory again while another core may hold it.
     */
    public int remoteCopiesHeld()
    {
        return transit.remoteCopies();
    }

    CoreCapabilities caps()
    {
        return caps;
    }

    /**
     * Every live capability of this core — dispatchers' CSpaces and the CPU driver's own (transit, records of
     * remote copies) — with its owner and remote-relation bits, in mapping-database order: for tests that check
     * invariants across cores. Call on this core, or after it halted.
     */
    public List<CapabilityRecord> capabilitySnapshot()
    {
        return caps.mdb().toList().stream()
            .map(cte -> new CapabilityRecord(cte.capability(), cte.owner(), cte.remoteRelations()))
            .toList();
    }

    PhysicalMemory memory()
    {
        return memory;
    }

    MappingWindows windows()
    {
        return windows;
    }

    /** The hardware's half of a deletion: frame mappings that went lose their windows. */
    void release(final List<Deletion> deletions)
    {
        windows.release(deletions);
    }
}
