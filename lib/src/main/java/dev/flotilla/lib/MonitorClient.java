package dev.flotilla.lib;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.urpc.Channel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What one dispatcher asks of its core's monitor, over the {@link MonitorInterface} binding on the dispatcher's
 * monitor port (the parts of libbarrelfish that export, bind, spawn and span): services exported and bound, with
 * the END_POINT capabilities of the channels they give ({@link BoundEndpoints}); programs and domains started,
 * spanned, stopped and listed; what the core is doing. The dispatcher polls the port; this class only calls.
 *
 * <p>Split-phase: every request returns at once and its {@link Completion} runs on this core when the monitor's
 * reply arrives. Core-confined, like its dispatcher: only the dispatcher's steps and threads call it.
 */
public final class MonitorClient
{
    private final Dispatcher self;
    private final MonitorInterfaceBinding monitor;
    /** What runs when a client binds, by exported name; a name is here from export until the monitor refuses it. */
    private final Map<String, Consumer<Channel>> services = new HashMap<>();
    private final BoundEndpoints endpoints;

    /** The client of {@code self}'s monitor, on {@code monitorPort}, the port of their LMP channel. */
    MonitorClient(final Dispatcher self, final Port monitorPort)
    {
        this.self = self;
        this.endpoints = new BoundEndpoints(self);
        this.monitor = new MonitorInterfaceBinding(monitorPort, new MonitorInterfaceHandler()
        {
            @Override
            public void onConnect(final MonitorInterfaceBinding from, final String service, final CapRef endpoint,
                final int clientCore)
            {
                connected(service, endpoint);
            }

            @Override
            public void onStop(final MonitorInterfaceBinding from)
            {
                self.stopped();
            }

            @Override
            public void onThreadCount(final MonitorInterfaceBinding.ThreadCountRequest request)
            {
                request.reply(self.threads().alive());
            }
        });
    }

    /**
     * Exports a service under {@code service}: once the name is registered, {@code done} runs; every
     * client that binds later arrives as a new channel passed to {@code onConnect}. A dispatcher exports a
     * name once ({@link ErrorCode#SERVICE_EXISTS} otherwise).
     */
    public void export(final String service, final Consumer<Channel> onConnect, final Completion<Boolean> done)
    {
        if (services.putIfAbsent(service, onConnect) != null)
        {
            done.complete(null, ErrorCode.SERVICE_EXISTS);
            return;
        }
        monitor.export(service, (ok, error) ->
        {
            if (error != null)
            {
                services.remove(service);
            }
            done.complete(error == null ? Boolean.TRUE : null, error);
        });
    }

    /** A client bound to {@code service}: the END_POINT capability of this side's end arrived in {@code endpoint}. */
    private void connected(final String service, final CapRef endpoint)
    {
        final Consumer<Channel> onConnect = services.get(service);
        if (onConnect == null)
        {
            monitor.unexpected("connect for '" + service + "', which this dispatcher does not export");
            return;
        }
        final Channel channel;
        try
        {
            channel = endpoints.bind(endpoint);
        }
        catch (final CapabilityException refused)
        {
            monitor.unexpected("connect for '" + service + "' with an endpoint that cannot be bound: " + refused.getMessage());
            return;
        }
        onConnect.accept(channel);
    }

    /**
     * Binds to the service exported under {@code service}; {@code done} gets this side's channel, which the
     * monitor's reply carried as an END_POINT capability (kept in {@link CSpaceLayout#ROOTCN_SLOT_ENDPOINTCN}).
     */
    public void bind(final String service, final Completion<Channel> done)
    {
        monitor.bind(service, (endpoint, error) ->
        {
            if (error != null)
            {
                done.complete(null, error);
                return;
            }
            final Channel channel;
            try
            {
                channel = endpoints.bind(endpoint);
            }
            catch (final CapabilityException refused)
            {
                done.complete(null, refused.code());
                return;
            }
            done.complete(channel, null);
        });
    }

    /** The END_POINT capabilities of the channels this dispatcher bound, by slot of its endpoint CNode. */
    public BoundEndpoints endpoints()
    {
        return endpoints;
    }

    /** Starts the boot-image program {@code programName} in a new dispatcher on {@code core}. */
    public void spawn(final int core, final String programName, final Completion<Boolean> done)
    {
        monitor.spawn(core, programName, (ok, error) -> done.complete(error == null ? Boolean.TRUE : null, error));
    }

    /**
     * Asks for the round trip between every pair of cores to be measured again and handed to the SKB
     * (the SKB's online measurement, refreshed on request); {@code done} runs once the SKB has them.
     */
    public void remeasure(final Completion<Boolean> done)
    {
        monitor.remeasure((ok, error) -> done.complete(error == null ? Boolean.TRUE : null, error));
    }

    /**
     * Starts domain {@code program} on {@code core} with {@code args}; {@code done} gets the new domain's id.
     * An argument may not contain a line break.
     */
    public void spawnDomain(final int core, final String program, final List<String> args, final Completion<Long> done)
    {
        if (args.stream().anyMatch(arg -> arg.indexOf('\n') >= 0))
        {
            done.complete(null, ErrorCode.INVALID_DOMAIN_NAME);
            return;
        }
        monitor.spawnDomain(core, program, Launch.joinArgs(args), done);
    }

    /** Starts a dispatcher of this dispatcher's domain on {@code core}; {@code done} runs once it exists. */
    public void span(final int core, final Completion<Void> done)
    {
        final Launch launch = self.launch();
        if (!launch.isDomain())
        {
            done.complete(null, ErrorCode.DOMAIN_NOT_FOUND);
            return;
        }
        monitor.span(launch.domainId(), core, done);
    }

    /** Starts a dispatcher of domain {@code domain} (any domain, by id) on {@code core}; {@code done} runs once it exists. */
    public void span(final long domain, final int core, final Completion<Void> done)
    {
        monitor.span(domain, core, done);
    }

    /** Stops every dispatcher of domain {@code domain}. */
    public void kill(final long domain, final Completion<Void> done)
    {
        monitor.kill(domain, done);
    }

    /**
     * Every domain running in the system, one line each ({@code id<TAB>program<TAB>cores<TAB>state}), gathered
     * by the monitors from every domain's home (see {@link MonitorInterface#domains}).
     */
    public void domains(final Completion<String> done)
    {
        monitor.domains(done);
    }

    /** This core's dispatchers of domains and their live user-level threads, one line each: {@code domain<TAB>threads}. */
    public void threadCounts(final Completion<String> done)
    {
        monitor.threads(done);
    }

    /** What this core is doing: its CPU driver's and its monitor's counts. */
    public void coreStatus(final Completion<CoreStatus> done)
    {
        monitor.status(done);
    }

    /** Asks this core's monitor to carry the capability given as {@code transfer} to {@code core}. */
    void sendCapability(final int core, final long transfer, final Completion<Void> done)
    {
        monitor.sendCapability(core, transfer, done);
    }

    /** Tells the monitor the dispatcher leaves its core with {@code status}. */
    void exit(final long status)
    {
        monitor.exit(status);
    }

    /** The generated binding itself, for the distributed capability operations ({@link CapOperations}). */
    MonitorInterfaceBinding binding()
    {
        return monitor;
    }
}
