package dev.flotilla.services.spawnd;

import dev.flotilla.idl.Port;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Launch;
import dev.flotilla.lib.MonitorClient;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.spawn.SpawndInterface;
import dev.flotilla.lib.spawn.SpawndInterfaceBinding;
import dev.flotilla.lib.spawn.SpawndInterfaceHandler;

/**
 * spawnd on one core (Barrelfish's spawnd): the service users ask to start a domain on this core, to span one to
 * it, to stop one, or to list them all. Init starts one on every core once the system is up; each exports
 * {@code spawnd.N}.
 *
 * <p>It keeps no records: each request becomes the same call to this core's monitor that any dispatcher can make
 * ({@link MonitorClient#spawnDomain}, {@link MonitorClient#span}, {@link MonitorClient#kill}, {@link MonitorClient#domains}),
 * and the monitors' domain manager does the work — a domain's record lives at its home core, a span asks the home,
 * a stop reaches every core the domain spans. The reply goes back when the monitor's does, with the monitor's
 * error code, so a bad request (an unknown program, a domain that is not running) is answered and spawnd goes on
 * serving. Requests from different clients are independent: each waits only for its own monitor reply.
 *
 * <pre>
 *   client -&gt; spawnd.N: spawn(program, args)   spawnd -&gt; monitor N: spawnDomain(N, program, args)   reply: id
 *   client -&gt; spawnd.N: span(domain)           spawnd -&gt; monitor N: span(domain, N) -&gt; the domain's home
 *   client -&gt; spawnd.N: kill(domain)           spawnd -&gt; monitor N: kill(domain) -&gt; home: stop() on every core
 *   client -&gt; spawnd.N: domains()              spawnd -&gt; monitor N: domains(), gathered from every home
 * </pre>
 * Core-confined: every handler runs in this dispatcher.
 */
public final class Spawnd implements Program, SpawndInterfaceHandler
{
    /** The boot image's name for this program. */
    public static final String PROGRAM = "spawnd";

    private Dispatcher self;

    @Override
    public void start(final Dispatcher dispatcher)
    {
        this.self = dispatcher;
        final String name = SpawndInterface.SERVICE_PREFIX + self.core();
        self.monitor().export(name, channel ->
        {
            final Port client = new Port(channel);
            new SpawndInterfaceBinding(client, this);
            self.attach(client);
        }, (ok, error) ->
        {
            if (error != null)
            {
                throw new IllegalStateException("spawnd could not export '" + name + "': " + error);
            }
        });
    }

    @Override
    public void onSpawn(final SpawndInterfaceBinding.SpawnRequest request, final String program, final String args)
    {
        self.monitor().spawnDomain(self.core(), program, Launch.splitArgs(args), (id, error) ->
        {
            if (error != null)
            {
                request.fail(error);
            }
            else
            {
                request.reply(id);
            }
        });
    }

    @Override
    public void onSpan(final SpawndInterfaceBinding.SpanRequest request, final long domain)
    {
        self.monitor().span(domain, self.core(), (none, error) -> request.answer(error));
    }

    @Override
    public void onKill(final SpawndInterfaceBinding.KillRequest request, final long domain)
    {
        self.monitor().kill(domain, (none, error) -> request.answer(error));
    }

    @Override
    public void onDomains(final SpawndInterfaceBinding.DomainsRequest request)
    {
        self.monitor().domains((lines, error) ->
        {
            if (error != null)
            {
                request.fail(error);
            }
            else
            {
                request.reply(lines);
            }
        });
    }
}
