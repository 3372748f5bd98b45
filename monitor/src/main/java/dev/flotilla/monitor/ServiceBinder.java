package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.monitor.intermon.ServiceBindBinding;
import dev.flotilla.monitor.intermon.ServiceBindHandler;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelDescriptor;
import dev.flotilla.urpc.ChannelSetup;
import java.util.Optional;

/**
 * Binding a client to a service (Barrelfish's bind through monitors,
 * {@link dev.flotilla.monitor.intermon.ServiceBind}): the client's monitor looks the name up, creates
 * the channel — LMP when the service is on the same core, a cross-core channel otherwise — and has the
 * service's monitor attach the other end and hand it to the exporting dispatcher.
 *
 * <pre>
 *   client's monitor i:   lookup(name) -&gt; core c; create the i&lt;-&gt;c channel
 *   i -&gt; c:              bindService(i, descriptor, name)
 *   service's monitor c:  attach; connect(name, slot, i) to the exporter; reply (or SERVICE_NOT_FOUND)
 *   client's monitor i:   the client gets its end
 * </pre>
 */
final class ServiceBinder implements Protocol, ServiceBindHandler
{
    private final Monitor monitor;
    private final ServiceBindBinding[] peers;

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
        final int self = monitor.core();
        monitor.names().lookup(name, (core, error) ->
        {
            if (error != null)
            {
                done.complete(null, error);
            }
            else if (core == self)
            {
                final ChannelSetup lmp = monitor.interconnect().create(self, self, monitor.config().ringSlots());
                final Optional<ErrorCode> refused = monitor.locals().connect(name, lmp.peer(), self);
                done.complete(refused.isEmpty() ? lmp.local() : null, refused.orElse(null));
            }
            else
            {
                final ChannelSetup setup = monitor.interconnect().create(self, core, monitor.config().ringSlots());
                final long[] descriptor = new long[ChannelDescriptor.WORDS];
                setup.descriptor().toWords(descriptor, 0);
                peers[core].bindService(self, descriptor, name, (none, refused) ->
                    done.complete(refused == null ? setup.local() : null, refused));
            }
        });
    }

    @Override
    public void onBindService(final ServiceBindBinding.BindServiceRequest request, final int client,
        final long[] descriptor, final String name)
    {
        final Channel endpoint = monitor.interconnect().attach(monitor.core(), ChannelDescriptor.fromWords(descriptor, 0));
        request.answer(monitor.locals().connect(name, endpoint, client).orElse(null));
    }
}
