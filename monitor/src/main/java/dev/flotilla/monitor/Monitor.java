package dev.flotilla.monitor;

import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.kernel.Upcall;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.platform.NanoClock;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelDescriptor;
import dev.flotilla.urpc.ChannelSetup;
import dev.flotilla.urpc.Interconnect;
import dev.flotilla.urpc.MessageHandler;
import dev.flotilla.urpc.Outbox;
import dev.flotilla.urpc.Transport;

/**
 * The monitor of one core: the user-level process that sets up channels to the other cores'
 * monitors and takes part in everything that needs more than one core — here boot, the channel mesh,
 * round-trip measurement and halt (the sequence is drawn in {@link Intermon}). Core 0's monitor also
 * runs the {@link BootCoordinator}.
 *
 * <p>Core-confined: it runs only inside its CPU driver's steps. It never blocks; a message that finds
 * a ring full waits in that channel's {@link Outbox}.
 */
public final class Monitor implements Upcall, MessageHandler
{
    private static final int POLL_LIMIT = 16;

    /** Life cycle of a monitor other than core 0's. */
    enum State
    {
        /** Not yet attached to the channel core 0 prepared for it. */
        ATTACHING,
        /** Attached; waiting for BOOT. */
        BOOTING,
        /** Booted; binding channels to the other monitors. */
        MESHING,
        /** Has a channel to every other monitor. */
        READY,
        /** HALT received; waiting for HALT_ACK to leave its ring. */
        HALTING,
        /** Halted its core. */
        EXITED
    }

    private final int core;
    private final MonitorConfig config;
    private final Interconnect interconnect;
    private final NanoClock clock;
    private final CpuDriver kernel;
    private final Outbox[] peers;
    private final ChannelDescriptor bootFrame;
    private final BootCoordinator coordinator;
    private final ServiceBroker broker;
    private final long[] out = new long[7];
    private RoundTripProbe probe;
    private State state;
    private int linked;
    private int haltParent;
    private int haltAcksDue;
    private int created;
    private boolean started;

    private Monitor(final int core, final MonitorConfig config, final BootImage image, final Interconnect interconnect,
        final NanoClock clock, final CpuDriver kernel, final ChannelDescriptor bootFrame, final BootPlan plan,
        final CoreBooter booter)
    {
        this.core = core;
        this.config = config;
        this.interconnect = interconnect;
        this.clock = clock;
        this.kernel = kernel;
        this.peers = new Outbox[config.cores()];
        this.bootFrame = bootFrame;
        this.broker = new ServiceBroker(this, kernel, interconnect, clock, image, config);
        this.coordinator = booter == null ? null : new BootCoordinator(this, config, plan, booter);
        this.state = booter == null ? State.ATTACHING : State.READY;
    }

    /**
     * The bootstrap monitor of core 0, which starts the plan's services, boots every other core through
     * {@code booter}, then runs the plan's boot task.
     */
    public static Monitor bootstrap(final MonitorConfig config, final BootImage image, final BootPlan plan,
        final Interconnect interconnect, final NanoClock clock, final CpuDriver kernel, final CoreBooter booter)
    {
        if (plan.taskCore() >= config.cores())
        {
            throw new IllegalArgumentException("the boot task's core " + plan.taskCore() + " does not exist: cores are 0.."
                + (config.cores() - 1));
        }
        return new Monitor(0, config, image, interconnect, clock, kernel, null, plan, booter);
    }

    /** The monitor of an application core, which first attaches to {@code bootFrame} from core 0. */
    public static Monitor application(final int core, final MonitorConfig config, final BootImage image,
        final Interconnect interconnect, final NanoClock clock, final CpuDriver kernel, final ChannelDescriptor bootFrame)
    {
        if (core <= 0 || core >= config.cores())
        {
            throw new IllegalArgumentException("application core must be 1.." + (config.cores() - 1) + ", was " + core);
        }
        return new Monitor(core, config, image, interconnect, clock, kernel, bootFrame, BootPlan.NONE, null);
    }

    @Override
    public int run(final long nowNs)
    {
        int work = 0;
        if (!started)
        {
            started = true;
            work++;
            if (coordinator != null)
            {
                coordinator.start(nowNs);
            }
            else
            {
                peers[0] = new Outbox(interconnect.attach(core, bootFrame));
                linked = 1;
                state = State.BOOTING;
            }
        }
        for (final Outbox peer : peers)
        {
            if (peer != null)
            {
                work += peer.flush();
                work += peer.channel().poll(this, POLL_LIMIT);
            }
        }
        work += broker.poll();
        if (coordinator != null)
        {
            work += coordinator.step(nowNs);
        }
        if (state == State.HALTING && peers[haltParent].waiting() == 0)
        {
            exit();
            work++;
        }
        return work;
    }

    @Override
    public void onMessage(final Channel channel, final int type, final long[] payload, final int length)
    {
        final int from = channel.remoteCore();
        final long now = clock.nanoTime();
        switch (type)
        {
            case Intermon.BOOT -> onBoot();
            case Intermon.BOOTED -> coordinator().onBooted(from, now);
            case Intermon.NEW_MONITOR -> onNewMonitor((int)payload[0]);
            case Intermon.BIND_PROXY -> forwardBind(from, payload);
            case Intermon.BIND_REQUEST -> onBindRequest((int)payload[0], payload);
            case Intermon.BIND_REPLY -> onLinked();
            case Intermon.MESH_READY -> coordinator().onMeshReady(from, (int)payload[0], now);
            case Intermon.MEASURE -> startProbe((int)payload[0], (int)payload[1], payload[2]);
            case Intermon.PING -> peers[from].send(Intermon.PONG, payload, 0, length);
            case Intermon.PONG -> onPong(payload, length);
            case Intermon.MEASURED -> coordinator().onMeasured(from, (int)payload[0], payload[1], payload[2], payload[3],
                now);
            case Intermon.HALT -> onHalt(from, payload, length);
            case Intermon.HALT_ACK -> onHaltAck(from);
            case Intermon.PROGRAM_EXITED -> coordinator().onBootTaskExited(payload[0], now);
            default ->
            {
                if (!broker.onIntermon(from, type, payload, length))
                {
                    throw new IllegalStateException(
                        "monitor " + core + " got unknown message type " + type + " from core " + from);
                }
            }
        }
    }

    private void onBoot()
    {
        expect(State.BOOTING, Intermon.BOOT);
        state = State.MESHING;
        send(0, Intermon.BOOTED);
        reportIfMeshed();
    }

    /** A monitor booted after us: create a channel to it and ask core 0 to deliver its descriptor. */
    private void onNewMonitor(final int newCore)
    {
        final ChannelSetup setup = createChannel(newCore);
        created++;
        out[0] = newCore;
        setup.descriptor().toWords(out, 1);
        peers[0].send(Intermon.BIND_PROXY, out, 0, 1 + ChannelDescriptor.WORDS);
    }

    /** Core 0 only: hand a BIND_PROXY on to the new core as a BIND_REQUEST naming its creator. */
    private void forwardBind(final int creator, final long[] payload)
    {
        final int target = (int)payload[0];
        out[0] = creator;
        System.arraycopy(payload, 1, out, 1, ChannelDescriptor.WORDS);
        peers[target].send(Intermon.BIND_REQUEST, out, 0, 1 + ChannelDescriptor.WORDS);
    }

    private void onBindRequest(final int creator, final long[] payload)
    {
        final Channel channel = interconnect.attach(core, ChannelDescriptor.fromWords(payload, 1));
        peers[creator] = new Outbox(channel);
        peers[creator].send(Intermon.BIND_REPLY);
        onLinked();
    }

    private void onLinked()
    {
        linked++;
        reportIfMeshed();
    }

    private void reportIfMeshed()
    {
        if (state == State.MESHING && linked == config.cores() - 1)
        {
            state = State.READY;
            send(0, Intermon.MESH_READY, created);
        }
    }

    void startProbe(final int target, final int rounds, final long warmupNs)
    {
        if (probe != null)
        {
            throw new IllegalStateException("monitor " + core + " is already probing core " + probe.target());
        }
        probe = new RoundTripProbe(target, rounds, warmupNs, peers[target], clock);
        probe.start();
    }

    private void onPong(final long[] payload, final int length)
    {
        if (probe == null)
        {
            throw new IllegalStateException("monitor " + core + " got a PONG without probing");
        }
        if (probe.onPong(payload, length))
        {
            final RoundTripProbe done = probe;
            probe = null;
            if (coordinator != null)
            {
                coordinator.onMeasured(core, done.target(), done.medianNs(), done.p99Ns(), done.minNs(), clock.nanoTime());
            }
            else
            {
                send(0, Intermon.MEASURED, done.target(), done.medianNs(), done.p99Ns(), done.minNs());
            }
        }
    }

    /** HALT with this core's subtree: forward it to each child, acknowledge once they all have. */
    private void onHalt(final int from, final long[] payload, final int length)
    {
        haltParent = from;
        final MulticastTree subtree = MulticastTree.decode(payload, 0, length);
        if (subtree.core() != core)
        {
            throw new IllegalStateException("monitor " + core + " got the halt subtree of core " + subtree.core());
        }
        haltAcksDue = subtree.children().size();
        for (final MulticastTree child : subtree.children())
        {
            send(child.core(), Intermon.HALT, child.encode());
        }
        acknowledgeHaltIfDone();
    }

    private void onHaltAck(final int from)
    {
        if (coordinator != null)
        {
            coordinator.onHaltAck(from);
            return;
        }
        haltAcksDue--;
        acknowledgeHaltIfDone();
    }

    private void acknowledgeHaltIfDone()
    {
        if (haltAcksDue == 0)
        {
            send(haltParent, Intermon.HALT_ACK);
            state = State.HALTING;
        }
    }

    /** The boot task, spawned on this core, exited with {@code status}: tell core 0. */
    void onProgramExited(final long status)
    {
        if (coordinator != null)
        {
            coordinator.onBootTaskExited(status, clock.nanoTime());
        }
        else
        {
            send(0, Intermon.PROGRAM_EXITED, status);
        }
    }

    /** Core 0: measure every pair again and refresh the SKB, then run {@code done}. */
    void refreshRoundTrips(final Runnable done)
    {
        coordinator().refresh(done, clock.nanoTime());
    }

    long now()
    {
        return clock.nanoTime();
    }

    ServiceBroker broker()
    {
        return broker;
    }

    /** Leaves the run queue and halts the core: the monitor is the last dispatcher to go. */
    void exit()
    {
        state = State.EXITED;
        kernel.halt();
    }

    ChannelSetup createChannel(final int peer)
    {
        final ChannelSetup setup = interconnect.create(core, peer, config.ringSlots());
        peers[peer] = new Outbox(setup.local());
        return setup;
    }

    void send(final int to, final int type, final long... words)
    {
        peers[to].send(type, words, 0, words.length);
    }

    private void expect(final State expected, final int type)
    {
        if (state != expected)
        {
            throw new IllegalStateException("monitor " + core + " got " + Intermon.name(type) + " in state " + state);
        }
    }

    private BootCoordinator coordinator()
    {
        if (coordinator == null)
        {
            throw new IllegalStateException("monitor " + core + " got a message meant for the bootstrap monitor");
        }
        return coordinator;
    }

    Transport transport()
    {
        for (final Outbox peer : peers)
        {
            if (peer != null)
            {
                return peer.channel().transport();
            }
        }
        return null;
    }

    @Override
    public long wakeupDeadlineNs()
    {
        return coordinator == null ? Long.MAX_VALUE : coordinator.deadlineNs();
    }

    @Override
    public boolean hasExited()
    {
        return state == State.EXITED;
    }

    /** This monitor's core. */
    public int core()
    {
        return core;
    }

    /** Core 0 only: what boot, measurement and halt produced; read after the core halted. */
    public BootOutcome outcome()
    {
        return coordinator().outcome();
    }

    /** The channels this monitor holds, by peer core (null where none). */
    public Channel channelTo(final int peer)
    {
        return peers[peer] == null ? null : peers[peer].channel();
    }
}
