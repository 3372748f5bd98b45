package dev.flotilla.monitor;

import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Port;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.kernel.Upcall;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.CoreStatus;
import dev.flotilla.monitor.agreement.Agreement;
import dev.flotilla.monitor.broadcast.BroadcastFanout;
import dev.flotilla.monitor.capops.CapOpsService;
import dev.flotilla.monitor.agreement.SpanTable;
import dev.flotilla.monitor.shootdown.TlbShootdowns;
import dev.flotilla.platform.NanoClock;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelCounters;
import dev.flotilla.urpc.ChannelDescriptor;
import dev.flotilla.urpc.ChannelSetup;
import dev.flotilla.urpc.Interconnect;
import dev.flotilla.urpc.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The monitor of one core: the user-level process that sets up channels to the other cores' monitors
 * and takes part in everything that needs more than one core. It is a router: each pair of monitors
 * shares one channel, and every protocol binds its own declared interface on that channel's port
 * ({@link Protocol}); the port hands each message to the protocol that declared it. The protocols:
 * {@link BootSequence}, {@link MeshBinder}, {@link Probes}, {@link HaltRelay}, {@link ServiceBinder}, {@link Spawner}, {@link Remeasurer},
 * {@link FactsReporter}, {@link DomainManager}, {@link CapCopier}, the distributed capability operations
 * ({@link CapOpsService}: retype, delete, revoke decided by an object's owner), and the agreement protocols
 * ({@link Agreement}: one- and two-phase commit along multicast trees), on which the name service is a table
 * replicated on every core ({@link ReplicatedNames}), and unmap's TLB shootdown ({@link TlbShootdowns}); the local dispatchers' interface is served by {@link LocalDispatchers}. Core 0's
 * monitor also runs the {@link BootCoordinator}.
 *
 * <p>Life cycle of a monitor other than core 0's:
 * <pre>
 *   ATTACHING  -- first step: attach to core 0's channel -&gt; BOOTING
 *   BOOTING    -- boot() ----------------------------------&gt; MESHING (booted() to core 0)
 *   MESHING    -- a channel to every other monitor --------&gt; READY   (meshReady() to core 0)
 *   any        -- halt(subtree), subtree acknowledged -----&gt; HALTING (haltAck() to the parent)
 *   HALTING    -- the acknowledgement left its ring -------&gt; EXITED  (the core halts)
 * </pre>
 * Core 0's monitor is READY from the start; its {@link BootCoordinator} drives the rest.
 *
 * <p>Core-confined: it runs only inside its CPU driver's steps. It never blocks; a message that finds a
 * ring full waits in that channel's port.
 */
public final class Monitor implements Upcall
{
    private static final int POLL_LIMIT = 16;

    /** Life cycle; see the class comment. */
    enum State
    {
        ATTACHING,
        BOOTING,
        MESHING,
        READY,
        HALTING,
        EXITED
    }

    private final int core;
    private final MonitorConfig config;
    private final Interconnect interconnect;
    private final NanoClock clock;
    private final CpuDriver kernel;
    private final Port[] peers;
    private final ChannelDescriptor bootFrame;
    private final BootCoordinator coordinator;
    private final BootSequence boot;
    private final MeshBinder mesh;
    private final Probes probes;
    private final HaltRelay halt;
    private final ReplicatedNames names;
    private final ReplicatedSpans spans;
    private final ServiceBinder binder;
    private final Spawner spawner;
    private final Remeasurer remeasurer;
    private final FactsReporter facts;
    private final LocalDispatchers locals;
    private final DomainManager domains;
    private final CapCopier copier;
    private final ChannelMemory channelMemory;
    private final CapOpsService capops;
    private final BroadcastFanout broadcast;
    private final Agreement agreement;
    private final TlbShootdowns shootdowns;
    private final List<Protocol> protocols;
    private State state;
    private boolean started;
    /** The time of the latest step, which {@link #wakeupDeadlineNs} answers while a send waits for room. */
    private long lastRunNs;

    private Monitor(final int core, final MonitorConfig config, final BootImage image, final Interconnect interconnect,
        final NanoClock clock, final CpuDriver kernel, final ChannelDescriptor bootFrame, final BootPlan plan,
        final CoreBooter booter)
    {
        this.core = core;
        this.config = config;
        this.interconnect = interconnect;
        this.clock = clock;
        this.kernel = kernel;
        this.peers = new Port[config.cores()];
        this.bootFrame = bootFrame;
        this.coordinator = booter == null ? null : new BootCoordinator(this, config, plan, booter);
        this.boot = new BootSequence(this);
        this.mesh = new MeshBinder(this);
        this.probes = new Probes(this);
        this.halt = new HaltRelay(this);
        this.binder = new ServiceBinder(this);
        this.spawner = new Spawner(this, image, core == 0 ? plan.memoryService().orElse(null) : null,
            core == 0 ? java.util.Set.copyOf(plan.services()) : java.util.Set.of());
        this.remeasurer = new Remeasurer(this);
        this.facts = new FactsReporter(this);
        this.locals = new LocalDispatchers(this);
        this.domains = new DomainManager(this);
        this.copier = new CapCopier(this);
        this.channelMemory = new ChannelMemory(kernel.syscalls());
        this.capops = new CapOpsService(core, config.cores(), kernel.syscalls(),
            (object, then) -> copier.afterCopiesOf(cap -> object.isCopy(cap) || object.isDescendant(cap), then));
        this.broadcast = new BroadcastFanout(core, config.cores(), interconnect, config.ringSlots());
        this.agreement = new Agreement(core, config.cores(), clock, config.probeTimeoutNs(), broadcast);
        this.names = new ReplicatedNames(this, agreement);
        this.spans = new ReplicatedSpans(agreement, domains::state);
        this.shootdowns = new TlbShootdowns(core, config.cores(), clock, config.probeTimeoutNs(), domain ->
        {
            final SpanTable.Span span = spans.replica().lookup(domain);
            return span == null ? null : span.cores();
        }, broadcast);
        this.protocols = List.of(boot, mesh, probes, halt, names, binder, spawner, remeasurer, facts, domains, copier,
            (Protocol)broadcast::attach, (Protocol)agreement::attach, (Protocol)shootdowns::attach, capops::attach);
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
        lastRunNs = nowNs;
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
                addPeer(0, interconnect.attach(core, bootFrame));
                state = State.BOOTING;
            }
        }
        for (final Port peer : peers)
        {
            if (peer != null)
            {
                work += peer.poll(POLL_LIMIT);
            }
        }
        work += locals.poll();
        work += binder.poll(POLL_LIMIT);
        work += broadcast.poll(POLL_LIMIT);
        work += agreement.poll(nowNs);
        work += shootdowns.poll(nowNs);
        if (coordinator != null)
        {
            work += coordinator.step(nowNs);
        }
        if (state == State.HALTING && halt.acknowledged())
        {
            exit();
            work++;
        }
        return work;
    }

    /** A channel to the monitor of {@code peer} exists: every protocol binds its interface on it. */
    void addPeer(final int peer, final Channel channel)
    {
        if (peers[peer] != null)
        {
            throw new IllegalStateException("monitor " + core + " already has a channel to core " + peer);
        }
        final Port port = new Port(channel);
        peers[peer] = port;
        for (final Protocol protocol : protocols)
        {
            protocol.attach(peer, port);
        }
    }

    /** Creates a channel to the monitor of {@code peer}, this core's end bound at once; the peer attaches later. */
    ChannelSetup createChannel(final int peer)
    {
        final ChannelSetup setup = interconnect.create(core, peer, config.ringSlots());
        addPeer(peer, setup.local());
        return setup;
    }

    /** Moves the life cycle on, checking it was where the message says it must be. */
    void advance(final State from, final State to, final String event)
    {
        if (state != from)
        {
            throw new IllegalStateException("monitor " + core + " got " + event + " in state " + state + ", not " + from);
        }
        state = to;
    }

    /** The halt reached this monitor and its subtree acknowledged: from any state (a boot that failed halts too). */
    void halting()
    {
        state = State.HALTING;
    }

    State state()
    {
        return state;
    }

    /** Leaves the run queue and halts the core: the monitor is the last dispatcher to go. */
    void exit()
    {
        state = State.EXITED;
        kernel.halt();
    }

    long now()
    {
        return clock.nanoTime();
    }

    MonitorConfig config()
    {
        return config;
    }

    Interconnect interconnect()
    {
        return interconnect;
    }

    NanoClock clock()
    {
        return clock;
    }

    CpuDriver kernel()
    {
        return kernel;
    }

    /** Core 0 only: the boot coordinator. */
    BootCoordinator coordinator()
    {
        if (coordinator == null)
        {
            throw new IllegalStateException("monitor " + core + " got a message meant for the bootstrap monitor");
        }
        return coordinator;
    }

    boolean isBootstrap()
    {
        return coordinator != null;
    }

    BootSequence boot()
    {
        return boot;
    }

    MeshBinder mesh()
    {
        return mesh;
    }

    Probes probes()
    {
        return probes;
    }

    HaltRelay halt()
    {
        return halt;
    }

    ReplicatedNames names()
    {
        return names;
    }

    ReplicatedSpans spans()
    {
        return spans;
    }

    ServiceBinder binder()
    {
        return binder;
    }

    Spawner spawner()
    {
        return spawner;
    }

    Remeasurer remeasurer()
    {
        return remeasurer;
    }

    FactsReporter facts()
    {
        return facts;
    }

    DomainManager domains()
    {
        return domains;
    }

    LocalDispatchers locals()
    {
        return locals;
    }

    /** The frames this monitor lays the rings of service channels in. */
    ChannelMemory channelMemory()
    {
        return channelMemory;
    }

    /**
     * Core 0: carves its own channel RAM from init's (once), before the boot task or any client can bind; nothing
     * where the interconnect keeps its own rings or init has no RAM to spare.
     */
    void keepChannelMemory()
    {
        if (!interconnect.ringsInFrames() || channelMemory.hasRam())
        {
            return;
        }
        spawner.channelRam().ifPresent(piece ->
        {
            kernel.syscalls().copy(piece, CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_PAGECN), ChannelMemory.RAM.l2Slot());
            spawner.handedOver(piece);
            channelMemory.adopt();
        });
    }

    /**
     * Core 0: carves channel RAM for the monitor of {@code core} and sends it with the capability transfer (its
     * ownership moves there); the transfer number the boot message names, or 0 if there is none to send.
     */
    long sendChannelMemory(final int core)
    {
        if (!interconnect.ringsInFrames())
        {
            return 0;
        }
        final Optional<CapRef> piece = spawner.channelRam();
        if (piece.isEmpty())
        {
            return 0;
        }
        final long transfer = kernel.syscalls().give(piece.get());
        spawner.handedOver(piece.get());
        copier.send(core, transfer, (none, error) ->
        {
            // a refusal there leaves core's monitor without channel RAM: boot(T) finds nothing under T
        });
        return transfer;
    }

    /** Core i at boot: takes the channel RAM core 0 sent as {@code transfer} (0: none came). */
    void takeChannelMemory(final long transfer)
    {
        if (transfer == 0)
        {
            return;
        }
        try
        {
            kernel.syscalls().takeArrived(0, transfer, CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_PAGECN), ChannelMemory.RAM.l2Slot());
            channelMemory.adopt();
        }
        catch (final CapabilityException none)
        {
            // refused on its way here: this monitor's rings go in the platform's shared memory
        }
    }

    CapCopier copier()
    {
        return copier;
    }

    /** The distributed capability operations of this core (counts for tests and status; call only on this core). */
    public CapOpsService capops()
    {
        return capops;
    }

    /**
     * The agreement protocols: rounds this core coordinates and takes part in. Public for programs that drive
     * rounds themselves (the benchmarks' {@code bench 2pc}); call it only on this monitor's core, as every
     * {@link Agreement} method must be, and register tables before the core starts.
     */
    public Agreement agreement()
    {
        return agreement;
    }

    /**
     * Unmap with TLB shootdown: the rounds this core starts for its dispatchers and takes part in. Public for
     * programs that drive rounds directly (the unmap benchmark's bare rounds).
     */
    public TlbShootdowns shootdowns()
    {
        return shootdowns;
    }

    /**
     * The broadcast channels this core writes and reads, which the shootdown and the agreement protocols share.
     * Public for programs that count what they carry; core-confined as those protocols are.
     */
    public BroadcastFanout broadcast()
    {
        return broadcast;
    }

    Transport transport()
    {
        for (final Port peer : peers)
        {
            if (peer != null)
            {
                return peer.channel().transport();
            }
        }
        return null;
    }

    /** What this core is doing: its CPU driver's counts and the traffic on every channel the monitor holds. */
    CoreStatus status()
    {
        final List<Channel> channels = new ArrayList<>(locals.channels());
        for (final Port peer : peers)
        {
            if (peer != null)
            {
                channels.add(peer.channel());
            }
        }
        long in = 0;
        long out = 0;
        long bytesIn = 0;
        long bytesOut = 0;
        long wakeups = 0;
        long stalls = 0;
        for (final Channel channel : channels)
        {
            final ChannelCounters counters = channel.counters();
            in += counters.messagesReceived();
            out += counters.messagesSent();
            bytesIn += counters.bytesReceived();
            bytesOut += counters.bytesSent();
            wakeups += counters.wakeups();
            stalls += counters.fullRingStalls();
        }
        return new CoreStatus(core, kernel.dispatchers().size(), kernel.dispatches(), kernel.skippedWhileBlocked(),
            kernel.overruns(), kernel.longestDispatchNs(), kernel.busyNs(), in, out, bytesIn, bytesOut, wakeups, stalls);
    }

    /** Messages the monitor's ports refused (malformed, unknown or unhandled), over all its channels. */
    public long rejectedMessages()
    {
        long rejected = locals.rejected();
        for (final Port peer : peers)
        {
            if (peer != null)
            {
                rejected += peer.rejected();
            }
        }
        return rejected;
    }

    @Override
    public long wakeupDeadlineNs()
    {
        if (sendsWaiting())
        {
            // a message waits in a port for room in its ring: nothing rings this core when the peer frees the
            // slots (UMP's sender learns it by polling the acknowledgement line), so it keeps polling until
            // the message has left — sleeping here would strand it until some other message happened to come
            return lastRunNs;
        }
        final long rounds = Math.min(agreement.deadlineNs(), shootdowns.deadlineNs());
        return coordinator == null ? rounds : Math.min(rounds, coordinator.deadlineNs());
    }

    /** True if a port to a peer monitor or a local dispatcher holds a message that may leave once its ring has room. */
    private boolean sendsWaiting()
    {
        for (final Port peer : peers)
        {
            if (peer != null && peer.sendWaiting())
            {
                return true;
            }
        }
        return locals.sendWaiting() || binder.sendWaiting() || broadcast.sendWaiting();
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

    /** A copy of this core's replica of the name registry, sorted by name: for checks once the core has halted. */
    public java.util.Map<String, Integer> nameReplica()
    {
        return names.replica().entries();
    }

    /** A copy of this core's replica of the domain table, by domain: for checks once the core has halted. */
    public java.util.Map<Long, dev.flotilla.monitor.agreement.SpanTable.Span> spanReplica()
    {
        return spans.replica().entries();
    }

    /** The channels this monitor holds, by peer core (null where none). */
    public Channel channelTo(final int peer)
    {
        return peers[peer] == null ? null : peers[peer].channel();
    }

    /** The core at the other end of a binding's port. */
    static int peerOf(final dev.flotilla.idl.Binding binding)
    {
        return binding.port().channel().remoteCore();
    }
}
