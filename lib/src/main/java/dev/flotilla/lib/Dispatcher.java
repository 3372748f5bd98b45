package dev.flotilla.lib;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.idl.Port;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.kernel.Upcall;
import dev.flotilla.lib.thread.ThreadScheduler;
import dev.flotilla.lib.thread.UThread;
import dev.flotilla.platform.NanoClock;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.MessageHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A dispatcher: one program's presence on one core — what the CPU driver schedules, with the
 * channels the program polls, its user-level threads and its LMP channel to the core's monitor
 * (Barrelfish's dispatcher). What it asks of the monitor — export, bind, spawn, span — is its
 * {@link #monitor() MonitorClient}'s, split-phase, answered on this port when this dispatcher polls it.
 * Core-confined: only its CPU driver's steps call it.
 *
 * <p><b>User-level threads.</b> Each dispatcher has its own {@link ThreadScheduler}: on every dispatch it
 * polls its channels (whose handlers may complete replies and so wake threads), then runs its runnable
 * threads, then the program's step. It is the {@code Blocker} of every port it polls, so a generated
 * blocking RPC called in one of its threads yields the thread and never the core. When no thread is
 * runnable, no message waits on any of its channels and nothing waits to be sent, the dispatcher tells its
 * CPU driver it is blocked ({@link #runnable}); a message or its next timer (a sleeping thread, the
 * program's deadline) makes it runnable again.
 *
 * <p><b>Failure.</b> A program whose start or step throws, or one of whose threads ends with an uncaught
 * exception, is stopped: its ports are closed (so the other end's calls fail with
 * {@code CHANNEL_CLOSED} instead of waiting), it leaves the run queue, and its CPU driver reclaims its
 * CSpace. The core and every other dispatcher go on.
 */
public final class Dispatcher implements Upcall
{
    private static final int POLL_LIMIT = 16;
    /** Thread switches per dispatch: bounded, since the kernel is non-preemptible and others wait meanwhile. */
    private static final int THREAD_BUDGET = 64;
    /** How many dispatches after exit the closed ports get to move their last messages out. */
    static final int CLOSE_FLUSH_RUNS = 10_000;
    /** The exit status of a dispatcher stopped because its program threw. */
    public static final long FAILED_STATUS = -1;

    /** A channel the program reads, with the handler that reads it. */
    private record Attached(Channel channel, MessageHandler handler)
    {
    }

    private final String name;
    private final Launch launch;
    private final CpuDriver kernel;
    private final Port monitorPort;
    private final MonitorClient monitor;
    private final NanoClock clock;
    private final Program program;
    private final List<Attached> attached = new ArrayList<>();
    private final List<Port> ports = new ArrayList<>();
    private final ThreadScheduler threads;
    private Throwable failure;
    private int nextReceive;
    private boolean started;
    /** The time of the latest run, which {@link #wakeupDeadlineNs} answers while a send waits for room. */
    private long lastRunNs;
    private boolean exited;
    /** Dispatches since exit, while the closed ports flush (see {@link #portsFlushed}). */
    private int flushRuns;

    /**
     * @param name           the program's name, for reports.
     * @param kernel         the CPU driver of the core the dispatcher runs on.
     * @param monitorChannel this dispatcher's end of its LMP channel to the monitor.
     * @param clock          the core's clock.
     * @param program        the code to run.
     */
    public Dispatcher(final String name, final CpuDriver kernel, final Channel monitorChannel, final NanoClock clock,
        final Program program)
    {
        this(Launch.program(name), kernel, monitorChannel, clock, program);
    }

    /**
     * A dispatcher of {@code launch}: a plain program, or one dispatcher of a domain.
     *
     * @param launch         who the dispatcher is.
     * @param kernel         the CPU driver of the core the dispatcher runs on.
     * @param monitorChannel this dispatcher's end of its LMP channel to the monitor.
     * @param clock          the core's clock.
     * @param program        the code to run.
     */
    public Dispatcher(final Launch launch, final CpuDriver kernel, final Channel monitorChannel, final NanoClock clock,
        final Program program)
    {
        this.name = launch.program();
        this.launch = launch;
        this.kernel = kernel;
        this.monitorPort = new Port(monitorChannel);
        this.monitor = new MonitorClient(this, monitorPort);
        this.clock = clock;
        this.program = program;
        this.threads = new ThreadScheduler(clock);
        monitorPort.blocker(threads);
        monitorPort.carrier(new LocalCarrier(this)); // endpoints arrive from the monitor as capabilities
    }

    @Override
    public int run(final long nowNs)
    {
        lastRunNs = nowNs;
        if (exited)
        {
            return flushClosedPorts();
        }
        int work = 0;
        try
        {
            if (!started)
            {
                started = true;
                program.start(this);
                work++;
            }
            work += monitorPort.poll(POLL_LIMIT);
            for (int i = 0; i < attached.size() && !exited; i++)
            {
                final Attached a = attached.get(i);
                work += a.channel().poll(a.handler(), POLL_LIMIT);
            }
            for (int i = 0; i < ports.size() && !exited; i++)
            {
                work += ports.get(i).poll(POLL_LIMIT);
            }
            if (!exited)
            {
                work += threads.runReady(nowNs, THREAD_BUDGET);
                threads.failure().ifPresent(failed -> stop(failed.error()));
            }
            if (!exited)
            {
                work += program.step(this, nowNs);
            }
        }
        catch (final RuntimeException | AssertionError e)
        {
            stop(e);
            work++;
        }
        return work;
    }

    /**
     * True if the dispatcher has something to do: it has not started, a thread is runnable (or its sleep is
     * over), or a message waits to be received or sent on one of its channels. False tells the CPU driver
     * it is blocked until one of those changes or {@link #wakeupDeadlineNs()} passes.
     */
    @Override
    public boolean runnable(final long nowNs)
    {
        if (!started || exited || threads.hasWork(nowNs) || monitorPort.hasWork())
        {
            return true;
        }
        for (final Attached a : attached)
        {
            if (a.channel().hasPending())
            {
                return true;
            }
        }
        for (final Port port : ports)
        {
            if (port.hasWork())
            {
                return true;
            }
        }
        return false;
    }

    /** The program failed: close what it holds and leave the core, which goes on. */
    private void stop(final Throwable cause)
    {
        if (exited)
        {
            return;
        }
        failure = cause;
        for (final Port port : ports)
        {
            port.close();
        }
        exit(FAILED_STATUS);
    }

    /** The monitor says the domain ended: close up and leave the core, as a domain that returned does. */
    void stopped()
    {
        for (final Port port : ports)
        {
            port.close();
        }
        if (!exited)
        {
            exit(0);
        }
    }

    /** Starts a user-level thread of this dispatcher running {@code body}. */
    public UThread thread(final String threadName, final Runnable body)
    {
        return threads.create(threadName, body);
    }

    /** This dispatcher's user-level thread scheduler. */
    public ThreadScheduler threads()
    {
        return threads;
    }

    /** Why the dispatcher was stopped: the exception its program or one of its threads threw; empty if none. */
    public Optional<Throwable> failure()
    {
        return Optional.ofNullable(failure);
    }

    /** Reads {@code channel} on every dispatch, handing its messages to {@code handler}. */
    public void attach(final Channel channel, final MessageHandler handler)
    {
        checkLocal(channel);
        attached.add(new Attached(channel, handler));
    }

    /** Polls {@code port} (and flushes what waits on it) on every dispatch: how generated bindings are served. */
    public void attach(final Port port)
    {
        checkLocal(port.channel());
        port.blocker(threads);
        if (port.channel().remoteCore() == port.channel().localCore())
        {
            port.carrier(new LocalCarrier(this)); // capabilities travel through this core's CPU driver
        }
        else
        {
            port.carrier(new MonitorCarrier(this, port.channel().remoteCore())); // through the two monitors
        }
        ports.add(port);
    }

    /**
     * A free slot of the receive CNode, for a capability arriving with a message: the first empty one, so a
     * slot the program emptied (moved or deleted what arrived there) is used again.
     *
     * @throws FlotillaException {@code SLOT_ALLOC_NO_SPACE} if all of its slots hold capabilities.
     */
    CapRef receiveSlot()
    {
        for (int i = 0; i < ObjectSizes.L2_CNODE_SLOTS; i++)
        {
            final int slot = (nextReceive + i) % ObjectSizes.L2_CNODE_SLOTS;
            final CapRef ref = CapRef.of(CSpaceLayout.ROOTCN_SLOT_RECEIVECN, slot);
            try
            {
                kernel.syscalls().identify(ref);
            }
            catch (final CapabilityException empty)
            {
                if (empty.code() == ErrorCode.CAP_NOT_FOUND)
                {
                    nextReceive = slot + 1;
                    return ref;
                }
            }
        }
        throw new FlotillaException(ErrorCode.SLOT_ALLOC_NO_SPACE, "every slot of the receive CNode holds a"
            + " capability that arrived before; move or delete some");
    }

    /**
     * The port of this dispatcher's LMP channel to its monitor: interfaces other than {@link MonitorInterface}
     * between the two (the TLB shootdown's) put their bindings on it.
     */
    public Port monitorPort()
    {
        return monitorPort;
    }

    /**
     * What this dispatcher asks of its monitor: export, bind, spawn, span, kill, the domains and what the core
     * is doing (split-phase, on {@link #monitorPort}).
     */
    public MonitorClient monitor()
    {
        return monitor;
    }

    /** The monitor's binding, for the distributed capability operations ({@link CapOperations}). */
    MonitorInterfaceBinding monitorBinding()
    {
        return monitor.binding();
    }

    /** Stops reading {@code channel}. */
    public void detach(final Channel channel)
    {
        attached.removeIf(a -> a.channel() == channel);
        ports.removeIf(p -> p.channel() == channel);
        monitor.endpoints().release(channel);
    }

    private void checkLocal(final Channel channel)
    {
        kernel.assertOnCore();
        if (channel.localCore() != kernel.core())
        {
            throw new IllegalArgumentException("channel endpoint of core " + channel.localCore()
                + " attached on core " + kernel.core());
        }
    }

    /** Who this dispatcher is: its program and, for a domain, the domain's id and arguments. */
    public Launch launch()
    {
        return launch;
    }

    /**
     * Leaves the core: closes every port (each peer hears CLOSE after what was sent before it, so a server frees
     * what it holds for this client — memserv takes back the RAM it lent on the binding), tells the monitor, and
     * is removed from the run queue once the CLOSEs have left (or {@link #CLOSE_FLUSH_RUNS} dispatches passed).
     */
    public void exit(final long status)
    {
        if (exited)
        {
            return;
        }
        for (final Port port : ports)
        {
            port.close();
        }
        monitor.exit(status);
        exited = true;
    }

    /** After exit: moves what waits on the closed ports (their CLOSE last) into the rings; the work done. */
    private int flushClosedPorts()
    {
        flushRuns++;
        int work = monitorPort.poll(POLL_LIMIT);
        for (final Port port : ports)
        {
            work += port.flush();
        }
        return work;
    }

    private boolean portsFlushed()
    {
        if (flushRuns > CLOSE_FLUSH_RUNS)
        {
            return true; // a peer that never makes room must not keep this dispatcher on the core
        }
        for (final Port port : ports)
        {
            if (port.waiting() > 0)
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public long wakeupDeadlineNs()
    {
        if (sendWaiting())
        {
            // nothing rings this core when the other end frees room in a full ring: keep polling until it has
            return lastRunNs;
        }
        return Math.min(program.wakeupDeadlineNs(), threads.nextWakeupNs());
    }

    private boolean sendWaiting()
    {
        if (monitorPort.sendWaiting())
        {
            return true;
        }
        for (final Port port : ports)
        {
            if (port.sendWaiting())
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean hasExited()
    {
        return exited && monitorPort.waiting() == 0 && portsFlushed();
    }

    /** The program's name. */
    public String name()
    {
        return name;
    }

    /** The core this dispatcher runs on. */
    public int core()
    {
        return kernel.core();
    }

    /**
     * The capability system calls of this core's CPU driver; while this dispatcher runs they act on its
     * own CSpace (see {@link dev.flotilla.kernel.CSpaceLayout} for what it holds from the start).
     */
    public Syscalls syscalls()
    {
        return kernel.syscalls();
    }

    /** The core's clock, for programs that time things. */
    public NanoClock clock()
    {
        return clock;
    }
}
