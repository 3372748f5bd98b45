package dev.flotilla.kernel;

import dev.flotilla.platform.Agent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The CPU driver: the kernel of one core. Single-threaded, event-driven and non-preemptible — the
 * platform steps it on its core, and each step dispatches every runnable dispatcher once, round
 * robin, each for one bounded upcall. It shares no state with any other core's CPU driver; all
 * communication between cores is done by dispatchers (the monitor first) over channels.
 *
 * <p>Kernel services that in Barrelfish are system calls are methods here, callable only from code
 * running on this core during a step (checked by {@link #assertOnCore()}): {@link #spawn} adds a
 * dispatcher, {@link #halt()} — which Barrelfish's monitor reaches through its Kernel capability —
 * stops the core after the current step.
 */
public final class CpuDriver implements Agent
{
    private final int core;
    private final String role;
    private final List<DispatcherControlBlock> runQueue = new ArrayList<>();
    private final EndpointTable endpoints = new EndpointTable(this);
    private boolean stepping;
    private Thread stepThread;
    private boolean halted;
    private int next;
    private long steps;

    public CpuDriver(final int core)
    {
        this.core = core;
        this.role = "core-" + core + "-kernel";
    }

    /**
     * Adds a dispatcher to this core's run queue. Before the core starts, the booting code may call
     * it (as the boot image carries the first dispatcher); afterwards only code on this core may.
     */
    public DispatcherControlBlock spawn(final String name, final Upcall upcall)
    {
        if (steps > 0)
        {
            assertOnCore();
        }
        final DispatcherControlBlock dcb = new DispatcherControlBlock(name, upcall);
        runQueue.add(dcb);
        return dcb;
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
            final int count = runQueue.size();
            for (int i = 0; i < count && !halted; i++)
            {
                if (next >= runQueue.size())
                {
                    next = 0;
                }
                final DispatcherControlBlock dcb = runQueue.get(next);
                work += dcb.dispatch(nowNs);
                if (dcb.upcall().hasExited())
                {
                    runQueue.remove(next);
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

    /** Endpoints being handed from one dispatcher of this core to another. */
    public EndpointTable endpoints()
    {
        return endpoints;
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
}
