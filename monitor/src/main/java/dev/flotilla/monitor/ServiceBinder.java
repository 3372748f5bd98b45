package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
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
import java.util.List;
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
 *   client's monitor i:   create the i&lt;-&gt;c channel of transport T
 *   same core:            connect(name, peer end, i) to the exporter at once
 *   other core, i -&gt; c:  bindService(i, descriptor, name)
 *   service's monitor c:  attach; connect(name, slot, i) to the exporter; reply (or SERVICE_NOT_FOUND)
 *   client's monitor i:   the client gets its end
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
    private SkbState skbState = SkbState.UNBOUND;
    private SkbClient skb;
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
        final int self = monitor.core();
        final ChannelSetup setup;
        try
        {
            setup = monitor.interconnect().create(self, core, monitor.config().ringSlots(), transport);
        }
        catch (final FlotillaException refused)
        {
            done.complete(null, refused.code());
            return;
        }
        if (core == self)
        {
            final Optional<ErrorCode> refused = monitor.locals().connect(name, setup.peer(), self);
            done.complete(refused.isEmpty() ? setup.local() : null, refused.orElse(null));
            return;
        }
        final long[] descriptor = new long[ChannelDescriptor.WORDS];
        setup.descriptor().toWords(descriptor, 0);
        peers[core].bindService(self, descriptor, name, (none, refused) ->
            done.complete(refused == null ? setup.local() : null, refused));
    }

    @Override
    public void onBindService(final ServiceBindBinding.BindServiceRequest request, final int client,
        final long[] descriptor, final String name)
    {
        final Channel endpoint = monitor.interconnect().attach(monitor.core(), ChannelDescriptor.fromWords(descriptor, 0));
        request.answer(monitor.locals().connect(name, endpoint, client).orElse(null));
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
