package dev.flotilla.lib;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.kernel.Upcall;
import dev.flotilla.platform.NanoClock;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.MessageHandler;
import dev.flotilla.urpc.MessageText;
import dev.flotilla.urpc.Outbox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A dispatcher: one program's presence on one core — what the CPU driver schedules, with the
 * channels the program polls and its binding to the core's monitor (Barrelfish's dispatcher plus the
 * parts of libbarrelfish that export, bind and spawn).
 *
 * <p>Everything is split-phase: {@link #export}, {@link #bind} and {@link #spawn} send a request to
 * the monitor and return at once; the {@link Completion} runs on this core when the reply arrives.
 * Core-confined: only its CPU driver's steps call it.
 */
public final class Dispatcher implements Upcall
{
    private static final int POLL_LIMIT = 16;

    /** A channel the program reads, with the handler that reads it. */
    private record Attached(Channel channel, MessageHandler handler)
    {
    }

    private final String name;
    private final CpuDriver kernel;
    private final Outbox monitor;
    private final NanoClock clock;
    private final Program program;
    private final List<Attached> attached = new ArrayList<>();
    private final Map<Long, Completion<Channel>> binds = new HashMap<>();
    private final Map<Long, Completion<Boolean>> exports = new HashMap<>();
    private final Map<Long, Consumer<Channel>> services = new HashMap<>();
    private final Map<Long, Completion<Boolean>> spawns = new HashMap<>();
    private final Map<Long, Completion<Boolean>> remeasures = new HashMap<>();
    private final MessageHandler fromMonitor = this::onMonitorMessage;
    private long nextRequest = 1;
    private boolean started;
    private boolean exited;

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
        this.name = name;
        this.kernel = kernel;
        this.monitor = new Outbox(monitorChannel);
        this.clock = clock;
        this.program = program;
    }

    @Override
    public int run(final long nowNs)
    {
        int work = 0;
        if (!started)
        {
            started = true;
            program.start(this);
            work++;
        }
        work += monitor.flush();
        work += monitor.channel().poll(fromMonitor, POLL_LIMIT);
        for (int i = 0; i < attached.size() && !exited; i++)
        {
            final Attached a = attached.get(i);
            work += a.channel().poll(a.handler(), POLL_LIMIT);
        }
        if (!exited)
        {
            work += program.step(this, nowNs);
        }
        return work;
    }

    /** Reads {@code channel} on every dispatch, handing its messages to {@code handler}. */
    public void attach(final Channel channel, final MessageHandler handler)
    {
        kernel.assertOnCore();
        if (channel.localCore() != kernel.core())
        {
            throw new IllegalArgumentException("channel endpoint of core " + channel.localCore()
                + " attached on core " + kernel.core());
        }
        attached.add(new Attached(channel, handler));
    }

    /** Stops reading {@code channel}. */
    public void detach(final Channel channel)
    {
        attached.removeIf(a -> a.channel() == channel);
    }

    /**
     * Exports a service under {@code service}: once the name is registered, {@code done} runs; every
     * client that binds later arrives as a new channel passed to {@code onConnect}.
     */
    public void export(final String service, final Consumer<Channel> onConnect, final Completion<Boolean> done)
    {
        final long request = nextRequest++;
        exports.put(request, done);
        services.put(request, onConnect);
        sendWithName(MonitorInterface.EXPORT, request, service);
    }

    /** Binds to the service exported under {@code service}; {@code done} gets this side's channel. */
    public void bind(final String service, final Completion<Channel> done)
    {
        final long request = nextRequest++;
        binds.put(request, done);
        sendWithName(MonitorInterface.BIND, request, service);
    }

    /** Starts the boot-image program {@code programName} in a new dispatcher on {@code core}. */
    public void spawn(final int core, final String programName, final Completion<Boolean> done)
    {
        final long request = nextRequest++;
        spawns.put(request, done);
        final long[] words = new long[2 + MessageText.words(programName)];
        words[0] = request;
        words[1] = core;
        MessageText.encode(programName, words, 2);
        monitor.send(MonitorInterface.SPAWN, words, 0, words.length);
    }

    /**
     * Asks for the round trip between every pair of cores to be measured again and handed to the SKB
     * (the SKB's online measurement, refreshed on request); {@code done} runs once the SKB has them.
     */
    public void remeasure(final Completion<Boolean> done)
    {
        final long request = nextRequest++;
        remeasures.put(request, done);
        monitor.send(MonitorInterface.REMEASURE, request);
    }

    /** Leaves the core: tells the monitor and is removed from the run queue after this dispatch. */
    public void exit(final long status)
    {
        monitor.send(MonitorInterface.EXIT, status);
        exited = true;
    }

    private void sendWithName(final int type, final long request, final String text)
    {
        final long[] words = new long[1 + MessageText.words(text)];
        words[0] = request;
        MessageText.encode(text, words, 1);
        monitor.send(type, words, 0, words.length);
    }

    private void onMonitorMessage(final Channel channel, final int type, final long[] payload, final int length)
    {
        final long request = payload[0];
        switch (type)
        {
            case MonitorInterface.EXPORT_REPLY ->
            {
                final ErrorCode error = status(payload[1]);
                if (error != null)
                {
                    services.remove(request);
                }
                exports.remove(request).complete(error == null ? Boolean.TRUE : null, error);
            }
            case MonitorInterface.CONNECT -> services.get(request).accept(kernel.endpoints().withdraw((int)payload[1]));
            case MonitorInterface.BIND_REPLY ->
            {
                final ErrorCode error = status(payload[1]);
                binds.remove(request).complete(error == null ? kernel.endpoints().withdraw((int)payload[2]) : null, error);
            }
            case MonitorInterface.REMEASURE_REPLY -> remeasures.remove(request).complete(Boolean.TRUE, null);
            case MonitorInterface.SPAWN_REPLY ->
            {
                final ErrorCode error = status(payload[1]);
                spawns.remove(request).complete(error == null ? Boolean.TRUE : null, error);
            }
            default -> throw new IllegalStateException(
                "dispatcher " + name + " got unknown message type " + type + " from its monitor");
        }
    }

    private static ErrorCode status(final long word)
    {
        return ErrorCode.fromWire(word);
    }

    @Override
    public long wakeupDeadlineNs()
    {
        return program.wakeupDeadlineNs();
    }

    @Override
    public boolean hasExited()
    {
        return exited && monitor.waiting() == 0;
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
