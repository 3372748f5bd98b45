package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.skb.SkbClient;
import dev.flotilla.lib.skb.SkbInterface;
import dev.flotilla.monitor.intermon.ServiceBindBinding;
import dev.flotilla.monitor.intermon.ServiceBindHandler;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelDescriptor;
import dev.flotilla.urpc.ChannelSetup;
import dev.flotilla.urpc.Transport;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binding a client to a service (Barrelfish's bind through monitors,
 * {@link dev.flotilla.monitor.intermon.ServiceBind}), with the transport bound late, by the SKB: the
 * client's monitor looks the name up, asks the SKB's {@code transport(Client, Server, T)} which transport
 * joins the two cores, creates a channel of that transport, and — when the service is on another core —
 * has the service's monitor attach the other end and hand it to the exporting dispatcher.
 *
 * <pre>
 *   client's monitor i:   lookup(name) -&gt; core c
 *   i -&gt; SKB:            query transport(i, c, T)     (the bind to "skb" itself, and binds while this
 *                                                     core's replica knows no SKB: the built-in rule,
 *                                                     LMP on one core, the interconnect's own across)
 *   client's monitor i:   create the i&lt;-&gt;c channel of transport T; UMP natively: its rings in a FRAME
 *                         retyped from i's channel RAM ({@link ChannelMemory}), when i has some
 *   same core:            connect(name, peer end, i) to the exporter at once
 *   other core, i -&gt; c:  copy(T, frame) through the capability transfer, then bindService(i, descriptor, name, T)
 *   service's monitor c:  take the frame (i, T); attach its end in it; connect(name, END_POINT, i) to the
 *                         exporter; reply (or SERVICE_NOT_FOUND)
 *   client's monitor i:   the client gets its end as an END_POINT capability (bind's reply)
 * </pre>
 *
 * The monitor's own SKB binding goes through {@link #bind} like any other, the first time a bind needs it;
 * binds that arrive meanwhile wait for it. Every choice is counted by where it came from
 * ({@link #skbChoices()}, {@link #builtInChoices()}) and the SKB's answers are timed on the monitor's clock
 * ({@link #skbQueryNs()}); the channel's {@link Channel#transport()} says which transport it got.
 */
final class ServiceBinder implements Protocol, ServiceBindHandler
{
    /** Inference steps one transport question may take: transport/3 needs a handful. */
    private static final long QUERY_STEPS = 10_000;

    /** Where the transport of one bind came from. */
    enum Choice
    {
        /** The SKB's transport/3. */
        SKB,
        /** The interconnect's built-in rule: the bind to the SKB itself, or one before the SKB is up. */
        BUILT_IN
    }

    /** The life of this monitor's own binding to the SKB. */
    private enum SkbState
    {
        /** Not bound (or the last attempt failed: the next bind that needs it tries again). */
        UNBOUND,
        /** The bind to "skb" is on its way; binds that need the SKB wait in {@code waiting}. */
        BINDING,
        /** Bound: {@code skb} is the client. */
        BOUND
    }

    private final Monitor monitor;
    private final ServiceBindBinding[] peers;
    private final List<Runnable> waiting = new ArrayList<>();
    /** Channels this monitor created in a frame, until the client's endpoint names it: the frame's slot here. */
    private final Map<Channel, CapRef> frames = new IdentityHashMap<>();
    private SkbState skbState = SkbState.UNBOUND;
    private SkbClient skb;
    private long framesRefused;
    private long skbChoices;
    private long builtInChoices;
    private long skbQueryNs;
    private Choice lastChoice;
    private Transport lastTransport;

    ServiceBinder(final Monitor monitor)
    {
        this.monitor = monitor;
        this.peers = new ServiceBindBinding[monitor.config().cores()];
    }

    @Override
    public void attach(final int peer, final Port port)
    {
        peers[peer] = new ServiceBindBinding(port, this);
    }

    /** Binds to service {@code name}: the completion gets this core's end of a new channel to it. */
    void bind(final String name, final Completion<Channel> done)
    {
        monitor.names().lookup(name, (core, error) ->
        {
            if (error != null)
            {
                done.complete(null, error);
                return;
            }
            choose(name, core, (transport, refused) ->
            {
                if (refused != null)
                {
                    done.complete(null, refused);
                }
                else
                {
                    connect(name, core, transport, done);
                }
            });
        });
    }

    /** The transport for a channel from this core to {@code core}: the SKB's, or the built-in rule's. */
    private void choose(final String name, final int core, final Completion<Transport> done)
    {
        if (name.equals(SkbInterface.SERVICE) || !monitor.names().knownHere(SkbInterface.SERVICE))
        {
            builtIn(core, done);
            return;
        }
        withSkb(() ->
        {
            if (skb == null)
            {
                builtIn(core, done);
            }
            else
            {
                ask(core, done);
            }
        });
    }

    /** Runs {@code then} once this monitor's SKB binding is settled (bound, or failed: then {@code skb} is null). */
    private void withSkb(final Runnable then)
    {
        switch (skbState)
        {
            case BOUND -> then.run();
            case BINDING -> waiting.add(then);
            case UNBOUND ->
            {
                skbState = SkbState.BINDING;
                waiting.add(then);
                bind(SkbInterface.SERVICE, (channel, error) ->
                {
                    if (error == null)
                    {
                        skb = new SkbClient(channel);
                        skbState = SkbState.BOUND;
                    }
                    else
                    {
                        skbState = SkbState.UNBOUND;
                    }
                    final List<Runnable> settled = List.copyOf(waiting);
                    waiting.clear();
                    settled.forEach(Runnable::run);
                });
            }
        }
    }

    private void builtIn(final int core, final Completion<Transport> done)
    {
        builtInChoices++;
        record(Choice.BUILT_IN, monitor.interconnect().transportBetween(monitor.core(), core), done);
    }

    /** One SKB round trip: transport(self, core, T); lmp and ump are the atoms the interconnects know. */
    private void ask(final int core, final Completion<Transport> done)
    {
        final long askedNs = monitor.now();
        skb.query("transport(" + monitor.core() + ", " + core + ", T)", 1, QUERY_STEPS, (answer, error) ->
        {
            skbQueryNs += monitor.now() - askedNs;
            skbChoices++;
            if (error != null)
            {
                done.complete(null, error);
                return;
            }
            final String solution = answer.solutions().isEmpty() ? "" : answer.solutions().getFirst();
            final Transport transport = switch (solution)
            {
                case "T = lmp" -> Transport.LMP;
                case "T = ump" -> Transport.UMP;
                default -> null;
            };
            if (transport == null)
            {
                done.complete(null, ErrorCode.TRANSPORT_UNAVAILABLE);
                return;
            }
            record(Choice.SKB, transport, done);
        });
    }

    private void record(final Choice choice, final Transport transport, final Completion<Transport> done)
    {
        lastChoice = choice;
        lastTransport = transport;
        done.complete(transport, null);
    }

    private void connect(final String name, final int core, final Transport transport, final Completion<Channel> done)
    {
        connect(name, core, transport, true, done);
    }

    /**
     * Creates the channel and connects it; with {@code inFrame}, a shared-memory ring goes in a FRAME this monitor
     * retypes from its channel RAM, when it has some to spare. If the service's monitor could not take the frame
     * (no slot left there, the copy refused on its way), the bind is made once more with the rings in shared memory.
     */
    private void connect(final String name, final int core, final Transport transport, final boolean inFrame,
        final Completion<Channel> done)
    {
        final int self = monitor.core();
        final int slots = monitor.config().ringSlots();
        final Optional<ChannelMemory.Frame> frame = inFrame && transport == Transport.UMP
            && monitor.interconnect().ringsInFrames()
            ? monitor.channelMemory().frame(slots)
            : Optional.empty();
        final ChannelSetup setup;
        try
        {
            setup = frame.isPresent()
                ? monitor.interconnect().create(self, core, slots, transport, frame.get().rings())
                : monitor.interconnect().create(self, core, slots, transport);
        }
        catch (final FlotillaException refused)
        {
            done.complete(null, refused.code());
            return;
        }
        final CapRef frameCap = frame.map(ChannelMemory.Frame::cap).orElse(null);
        if (frameCap != null)
        {
            frames.put(setup.local(), frameCap);
        }
        if (core == self)
        {
            final Optional<ErrorCode> refused = monitor.locals().connect(name, setup.peer(), self, frameCap);
            finish(setup.local(), refused.orElse(null), done);
            return;
        }
        final long[] descriptor = new long[ChannelDescriptor.WORDS];
        setup.descriptor().toWords(descriptor, 0);
        final long transfer = frameCap == null ? 0 : sendFrame(core, frameCap);
        peers[core].bindService(self, descriptor, name, transfer, (none, refused) ->
        {
            if (frameCap != null && FRAME_REFUSALS.contains(refused))
            {
                frames.remove(setup.local());
                framesRefused++;
                connect(name, core, transport, false, done); // the frame stays this monitor's, named by no endpoint
                return;
            }
            finish(setup.local(), refused, done);
        });
    }

    /** What the service's monitor answers when it could not lay its end in the frame this monitor sent. */
    private static final java.util.Set<ErrorCode> FRAME_REFUSALS = java.util.EnumSet.of(ErrorCode.SLOT_ALLOC_NO_SPACE,
        ErrorCode.CAP_NOT_FOUND, ErrorCode.CHANNEL_FRAME_GONE, ErrorCode.NO_RIGHTS, ErrorCode.INVALID_ADDRESS);

    /** Binds whose frame the service's monitor could not take, made again with the rings in shared memory. */
    long framesRefused()
    {
        return framesRefused;
    }

    /** The bind's answer: the client's end, or why not (then no endpoint will name the end, nor its frame). */
    private void finish(final Channel local, final ErrorCode refused, final Completion<Channel> done)
    {
        if (refused != null)
        {
            frames.remove(local);
        }
        done.complete(refused == null ? local : null, refused);
    }

    /**
     * Sends a copy of the frame the rings lie in to {@code core} through the capability transfer; the transfer number
     * the bind names. Its copy message goes first on the same channel, so it is there when the bind is handled; if
     * {@code core} refuses the copy, the bind finds nothing under the number and fails with that code.
     */
    private long sendFrame(final int core, final CapRef frame)
    {
        final long transfer = monitor.kernel().syscalls().give(frame);
        monitor.copier().send(core, transfer, (none, error) ->
        {
            // answered; a refusal reaches the client through the bind that names this transfer
        });
        return transfer;
    }

    /**
     * The FRAME capability (in this monitor's CSpace) the rings of {@code local} lie in, if this monitor created the
     * channel in one; asked once, when the client's endpoint is made.
     */
    Optional<CapRef> takeFrameOf(final Channel local)
    {
        return Optional.ofNullable(frames.remove(local));
    }

    @Override
    public void onBindService(final ServiceBindBinding.BindServiceRequest request, final int client,
        final long[] descriptor, final String name, final long frame)
    {
        final ChannelDescriptor channel = ChannelDescriptor.fromWords(descriptor, 0);
        if (frame == 0)
        {
            final Channel endpoint = monitor.interconnect().attach(monitor.core(), channel);
            request.answer(monitor.locals().connect(name, endpoint, client, null).orElse(null));
            return;
        }
        final ChannelMemory.Frame rings;
        try
        {
            rings = monitor.channelMemory().received(client, frame);
        }
        catch (final CapabilityException refused)
        {
            request.answer(refused.code());
            return;
        }
        final Channel endpoint;
        try
        {
            endpoint = monitor.interconnect().attach(monitor.core(), channel, rings.rings());
        }
        catch (final IllegalArgumentException misfit)
        {
            request.answer(ErrorCode.CHANNEL_FRAME_GONE);
            return;
        }
        request.answer(monitor.locals().connect(name, endpoint, client, rings.cap()).orElse(null));
    }

    /** Sends and handles this monitor's SKB traffic; returns the work done. */
    int poll(final int limit)
    {
        return skb == null ? 0 : skb.poll(limit);
    }

    /** True if a transport question waits for room in the ring to the SKB. */
    boolean sendWaiting()
    {
        return skb != null && skb.port().sendWaiting();
    }

    /** Binds whose transport the SKB chose (each one query round trip). */
    long skbChoices()
    {
        return skbChoices;
    }

    /** Binds that used the built-in rule (the bind to the SKB, binds before it was up or when it could not be bound). */
    long builtInChoices()
    {
        return builtInChoices;
    }

    /** Monitor-clock nanoseconds spent waiting for the SKB's transport answers, all queries together. */
    long skbQueryNs()
    {
        return skbQueryNs;
    }

    /** Where the last bind's transport came from, or null before the first. */
    Choice lastChoice()
    {
        return lastChoice;
    }

    /** The last bind's transport, or null before the first. */
    Transport lastTransport()
    {
        return lastTransport;
    }
}
