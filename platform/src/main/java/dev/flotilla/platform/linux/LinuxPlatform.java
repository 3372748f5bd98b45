package dev.flotilla.platform.linux;

import dev.flotilla.platform.Agent;
import dev.flotilla.platform.CoreFault;
import dev.flotilla.platform.CoreWakeup;
import dev.flotilla.platform.IdlePolicy;
import dev.flotilla.platform.NanoClock;
import dev.flotilla.platform.PinStatus;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.SharedMemory;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The native platform: each core is one platform thread pinned to its own host CPU, running its
 * agent with poll-then-block idling; the clock is {@link System#nanoTime()}; shared memory is
 * off-heap.
 *
 * <p>Cores are assigned to the CPUs this process may run on, in ascending order; with more cores
 * than CPUs the assignment wraps round and those cores share CPUs (their {@link PinStatus} says so).
 */
public final class LinuxPlatform implements Platform
{
    private static final NanoClock HOST_CLOCK = System::nanoTime;
    /** Stack of each core's thread: deep enough for the SKB's recursive rule evaluation. */
    private static final long CORE_STACK_BYTES = 16L << 20;

    private final Machine machine;
    private final int coreCount;
    private final IdlePolicy idle;
    private final int[] cpuOfCore;
    private final boolean[] sharedCpu;
    private final Doorbell[] doorbells;
    private final CoreThread[] cores;
    private final Thread[] threads;
    private final HostSharedMemory memory = new HostSharedMemory();
    private final List<CoreFault> faults = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int running;
    private final BitSet halted = new BitSet(); // guarded by lock
    private boolean closed;

    /**
     * @param machine   the discovered machine.
     * @param coreCount how many kernels to run, at least 1.
     * @param idle      how idle cores wait.
     */
    public LinuxPlatform(final Machine machine, final int coreCount, final IdlePolicy idle)
    {
        if (coreCount < 1)
        {
            throw new IllegalArgumentException("core count must be at least 1, was " + coreCount);
        }
        this.machine = machine;
        this.coreCount = coreCount;
        this.idle = idle;
        final List<Integer> usable = usableCpus(machine);
        this.cpuOfCore = new int[coreCount];
        this.sharedCpu = new boolean[coreCount];
        for (int core = 0; core < coreCount; core++)
        {
            cpuOfCore[core] = usable.get(core % usable.size());
            sharedCpu[core] = coreCount > usable.size();
        }
        this.doorbells = new Doorbell[coreCount];
        for (int core = 0; core < coreCount; core++)
        {
            doorbells[core] = new Doorbell();
        }
        this.cores = new CoreThread[coreCount];
        this.threads = new Thread[coreCount];
    }

    /** The online CPUs that this process is allowed to run on; all online CPUs if the mask is unknown. */
    private static List<Integer> usableCpus(final Machine machine)
    {
        final BitSet allowed = Affinity.allowedCpus();
        final List<Integer> usable = new ArrayList<>();
        for (final Cpu cpu : machine.cpus())
        {
            if (allowed.isEmpty() || allowed.get(cpu.id()))
            {
                usable.add(cpu.id());
            }
        }
        return usable.isEmpty() ? machine.cpus().stream().map(Cpu::id).toList() : usable;
    }

    @Override
    public String name()
    {
        return "native";
    }

    @Override
    public boolean isSimulated()
    {
        return false;
    }

    @Override
    public Machine machine()
    {
        return machine;
    }

    @Override
    public int coreCount()
    {
        return coreCount;
    }

    @Override
    public int cpuOf(final int core)
    {
        checkCore(core);
        return cpuOfCore[core];
    }

    @Override
    public NanoClock clock(final int core)
    {
        checkCore(core);
        return HOST_CLOCK;
    }

    @Override
    public SharedMemory sharedMemory()
    {
        return memory;
    }

    @Override
    public CoreWakeup wakeup(final int core)
    {
        checkCore(core);
        return idle.neverParks() ? CoreWakeup.NONE : doorbells[core];
    }

    @Override
    public void startCore(final int core, final Agent agent)
    {
        checkCore(core);
        final CoreThread body;
        lock.lock();
        try
        {
            if (closed)
            {
                throw new IllegalStateException("platform is closed");
            }
            if (cores[core] != null)
            {
                throw new IllegalStateException("core " + core + " was already started");
            }
            body = new CoreThread(core, cpuOfCore[core], sharedCpu[core], agent, idle, doorbells[core], HOST_CLOCK, this);
            cores[core] = body;
            running++;
            threads[core] = Thread.ofPlatform().name("core-" + core).daemon(true).stackSize(CORE_STACK_BYTES).start(body);
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public PinStatus pinStatus(final int core)
    {
        checkCore(core);
        final CoreThread body = cores[core];
        if (body == null)
        {
            throw new IllegalStateException("core " + core + " has not been started");
        }
        try
        {
            body.awaitStarted();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for core " + core + " to start", ex);
        }
        return body.pinStatus();
    }

    /** How many times {@code core} parked so far (final once it halted). */
    @Override
    public long parks(final int core)
    {
        checkCore(core);
        return cores[core] == null ? 0 : cores[core].parks();
    }

    @Override
    public boolean awaitHalt(final long timeoutNs) throws InterruptedException
    {
        long remaining = timeoutNs;
        lock.lock();
        try
        {
            while (running > 0 && faults.isEmpty())
            {
                if (remaining <= 0)
                {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return running == 0;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public List<Integer> runningCores()
    {
        lock.lock();
        try
        {
            final List<Integer> list = new ArrayList<>();
            for (int core = 0; core < coreCount; core++)
            {
                if (cores[core] != null && !halted.get(core))
                {
                    list.add(core);
                }
            }
            return List.copyOf(list);
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public List<CoreFault> faults()
    {
        return List.copyOf(faults);
    }

    void onFault(final int core, final String role, final Throwable cause)
    {
        faults.add(new CoreFault(core, role, cause));
        signal();
    }

    void onHalted(final int core)
    {
        lock.lock();
        try
        {
            running--;
            halted.set(core);
            changed.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    private void signal()
    {
        lock.lock();
        try
        {
            changed.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void close()
    {
        lock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        finally
        {
            lock.unlock();
        }
        for (final CoreThread body : cores)
        {
            if (body != null)
            {
                body.requestStop();
            }
        }
        for (final Thread thread : threads)
        {
            if (thread != null)
            {
                try
                {
                    thread.join(TimeUnit.SECONDS.toMillis(5));
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }
        // Safe even if a core is somehow still running: a shared arena's close makes later accesses
        // throw IllegalStateException rather than touch freed memory.
        memory.close();
    }

    private void checkCore(final int core)
    {
        if (core < 0 || core >= coreCount)
        {
            throw new IllegalArgumentException("no core " + core + ": this platform runs cores 0.." + (coreCount - 1));
        }
    }
}
