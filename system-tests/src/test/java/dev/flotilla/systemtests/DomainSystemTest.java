package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.idl.Port;
import dev.flotilla.idl.Reply;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.IdlePolicy;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.linux.LinuxPlatform;
import dev.flotilla.platform.linux.SysfsDiscovery;
import dev.flotilla.runtime.Boot;
import dev.flotilla.runtime.BootResult;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.systemtests.checkin.CheckinBinding;
import dev.flotilla.systemtests.checkin.CheckinHandler;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.Interconnect;
import dev.flotilla.urpc.SharedMemoryInterconnect;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * A domain spans to every core — on real cores and on a simulated 32-core machine — and each spanned
 * dispatcher checks in with the first over a generated interface, by blocking RPC from a user-level thread.
 */
class DomainSystemTest
{
    /** Spans to every core; the first dispatcher serves check-ins, every other one checks in and ends. */
    private static final class Everywhere implements Domain
    {
        private final Queue<String> log;
        private int checkedIn;

        Everywhere(final Queue<String> log)
        {
            this.log = log;
        }

        @Override
        public void main(final DomainContext context)
        {
            final Dispatcher self = context.dispatcher();
            final int cores = Integer.parseInt(context.args().getFirst());
            final Reply<Boolean> exported = new Reply<>();
            self.monitor().export("checkin-" + context.domainId(), channel ->
            {
                final Port port = new Port(channel);
                new CheckinBinding(port, new CheckinHandler()
                {
                    @Override
                    public void onCheckIn(final CheckinBinding.CheckInRequest request, final int core)
                    {
                        request.reply(++checkedIn);
                    }
                });
                self.attach(port);
            }, exported);
            self.threads().await(exported);
            exported.get();
            for (int core = 1; core < cores; core++)
            {
                context.span(core);
            }
            while (checkedIn < cores - 1)
            {
                context.sleepNs(10_000);
            }
            log.add("all " + checkedIn + " checked in");
        }

        @Override
        public void spanned(final DomainContext context)
        {
            final Dispatcher self = context.dispatcher();
            final Reply<Channel> bound = new Reply<>();
            self.monitor().bind("checkin-" + context.domainId(), bound);
            self.threads().await(bound);
            final Port port = new Port(bound.get());
            self.attach(port);
            final int count = new CheckinBinding(port).checkIn(context.core());
            if (count < 1 || count >= Integer.parseInt(context.args().getFirst()))
            {
                throw new IllegalStateException("check-in count " + count);
            }
        }
    }

    /** The boot task: starts the domain on core 0, exits once it has logged. */
    private static final class Starter extends ExitsOnceLogged
    {
        private final int cores;
        private final Queue<String> log;

        Starter(final int cores, final Queue<String> log)
        {
            super(log);
            this.cores = cores;
            this.log = log;
        }

        @Override
        public void start(final Dispatcher self)
        {
            self.monitor().spawnDomain(0, "everywhere", List.of(Integer.toString(cores)), (id, error) ->
            {
                if (error != null)
                {
                    log.add("spawn failed: " + error);
                }
            });
        }
    }

    private static List<String> run(final Platform platform, final Interconnect interconnect, final MonitorConfig config)
        throws InterruptedException
    {
        final Queue<String> log = new ConcurrentLinkedQueue<>();
        final int cores = config.cores();
        final BootImage image = BootImage.empty().with("everywhere", () -> new DomainProgram(new Everywhere(log)))
            .with("starter", () -> new Starter(cores, log));
        final BootResult result = Boot.run(platform, interconnect, config, image,
            new BootPlan(List.of(), Optional.of("starter"), cores - 1));
        assertTrue(result.succeeded(), () -> result.error().orElse("") + " " + log);
        return List.copyOf(log);
    }

    @Test
    void aDomainSpansToEveryCoreOfASimulated32CoreMachine() throws Exception
    {
        try (SimPlatform sim = new SimPlatform(Machines.load("amd-8x4"), 32, SimOptions.seeded(9)))
        {
            assertEquals(List.of("all 31 checked in"), run(sim, new SimInterconnect(sim),
                MonitorConfig.defaults(32).withWarmupNs(0, 0).withPingRounds(5)));
        }
    }

    @Test
    void aDomainSpansToEveryRealCore() throws Exception
    {
        try (LinuxPlatform platform = new LinuxPlatform(SysfsDiscovery.discoverHost(), 4, IdlePolicy.POLL_THEN_BLOCK))
        {
            assertEquals(List.of("all 3 checked in"), run(platform, new SharedMemoryInterconnect(platform),
                MonitorConfig.defaults(4).withPingRounds(10)));
        }
    }
}
