package dev.flotilla.platform.linux;

import dev.flotilla.platform.Agent;
import dev.flotilla.platform.IdlePolicy;
import dev.flotilla.platform.NanoClock;
import dev.flotilla.platform.PinStatus;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * The body of one native core: pins itself to its CPU, then runs the core's agent in a duty cycle
 * until the agent halts — step, and when idle poll for {@link IdlePolicy#spinNs()}, then park on the
 * core's {@link Doorbell} until a sender rings it or the agent's timer is due.
 *
 * <p>Everything here runs on the core's own thread except {@link #requestStop()} and the accessors
 * the platform reads after {@link #started()}.
 */
final class CoreThread implements Runnable
{
    private final int core;
    private final int cpu;
    private final boolean sharedCpu;
    private final Agent agent;
    private final IdlePolicy idle;
    private final Doorbell doorbell;
    private final NanoClock clock;
    private final LinuxPlatform platform;
    private final CountDownLatch started = new CountDownLatch(1);

    // Written by the core before started.countDown(); read by the host after started.await().
    private PinStatus pinStatus;
    // Written by the host (requestStop), read by the core every cycle.
    private volatile boolean stopRequested;
    // Written by the core only; read by reports after the core halted.
    private static final java.lang.invoke.VarHandle PARKS;

    static
    {
        try
        {
            PARKS = java.lang.invoke.MethodHandles.lookup().findVarHandle(CoreThread.class, "parks", long.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long parks;

    CoreThread(final int core, final int cpu, final boolean sharedCpu, final Agent agent, final IdlePolicy idle,
        final Doorbell doorbell, final NanoClock clock, final LinuxPlatform platform)
    {
        this.core = core;
        this.cpu = cpu;
        this.sharedCpu = sharedCpu;
        this.agent = agent;
        this.idle = idle;
        this.doorbell = doorbell;
        this.clock = clock;
        this.platform = platform;
    }

    @Override
    public void run()
    {
        final Affinity.PinResult pin = Affinity.pinCurrentThread(cpu);
        pinStatus = new PinStatus(core, cpu, pin.pinned(), sharedCpu, pin.pinned() ? "" : pin.detail());
        doorbell.bind(Thread.currentThread());
        started.countDown();
        try
        {
            dutyCycle();
            agent.onClose();
        }
        catch (final Throwable ex)
        {
            platform.onFault(core, agent.roleName(), ex);
        }
        finally
        {
            platform.onHalted(core);
        }
    }

    private void dutyCycle()
    {
        long lastWorkNs = clock.nanoTime();
        while (!stopRequested && !agent.isHalted())
        {
            final long now = clock.nanoTime();
            if (agent.doWork(now) > 0)
            {
                lastWorkNs = now;
            }
            else if (now - lastWorkNs < idle.spinNs())
            {
                Thread.onSpinWait();
            }
            else
            {
                parkUntilWoken();
                lastWorkNs = clock.nanoTime();
            }
        }
    }

    /** Arms the doorbell, polls once more, then parks until a wake-up, the agent's timer or the safety net. */
    private void parkUntilWoken()
    {
        doorbell.arm();
        final long now = clock.nanoTime();
        if (agent.doWork(now) > 0 || agent.isHalted() || stopRequested)
        {
            doorbell.disarm();
            return;
        }
        final long deadline = agent.wakeupDeadlineNs();
        final long parkNs = Math.min(idle.maxParkNs(), deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now);
        if (parkNs > 0)
        {
            PARKS.setOpaque(this, parks + 1); // only this thread writes; others read it while it runs
            LockSupport.parkNanos(this, parkNs);
        }
        doorbell.disarm();
    }

    void requestStop()
    {
        stopRequested = true;
        LockSupport.unpark(doorbell.owner);
    }

    void awaitStarted() throws InterruptedException
    {
        started.await();
    }

    PinStatus pinStatus()
    {
        return pinStatus;
    }

    long parks()
    {
        return (long)PARKS.getOpaque(this);
    }
}
