package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.idl.Port;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.runtime.Boot;
import dev.flotilla.runtime.BootResult;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.MachineSpec;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.systemtests.checkin.CheckinBinding;
import dev.flotilla.systemtests.checkin.CheckinHandler;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulator charges the kernel's work: a same-core RPC between two dispatchers — through the generated
 * stubs, over LMP, through the CPU driver's switches — costs about the paper's Table 1 LRPC on each of the
 * paper's simulated machines, because every switch between dispatchers is charged (the machine file's
 * {@code cost switch}). Virtual time is deterministic: this checks the model, not the host's speed.
 */
class SimulatedOsWorkTest
{
    private static final int CALLS = 200;

    /** Serves Checkin on core 1: the reply is the call's number. */
    private static final class Server implements Domain
    {
        private int calls;

        @Override
        public void main(final DomainContext context)
        {
            context.export("lrpc-server", port -> new CheckinBinding(port, new CheckinHandler()
            {
                @Override
                public void onCheckIn(final CheckinBinding.CheckInRequest request, final int core)
                {
                    request.reply(++calls);
                }
            }));
            context.sleepNs(Long.MAX_VALUE / 4); // serves in its handlers until the system halts
        }
    }

    /** Calls the server on its own core and logs the virtual nanoseconds per round trip. */
    private static final class Client implements Domain
    {
        private final Queue<Long> log;

        Client(final Queue<Long> log)
        {
            this.log = log;
        }

        @Override
        public void main(final DomainContext context)
        {
            final Port port = context.bind("lrpc-server");
            final CheckinBinding server = new CheckinBinding(port);
            for (int i = 0; i < 20; i++)
            {
                server.checkIn(context.core()); // warm: the first calls also bind and schedule
            }
            final Dispatcher self = context.dispatcher();
            final long start = self.clock().nanoTime();
            for (int i = 0; i < CALLS; i++)
            {
                server.checkIn(context.core());
            }
            log.add((self.clock().nanoTime() - start) * 1000 / CALLS); // picoseconds per call
        }
    }

    /** The boot task: starts both on core 1, halts once the client has measured. */
    private static final class Starter extends ExitsOnceLogged
    {
        Starter(final Queue<Long> log)
        {
            super(log);
        }

        @Override
        public void start(final Dispatcher self)
        {
            self.monitor().spawnDomain(1, "server", List.of(), (id, error) -> self.monitor().spawnDomain(1, "client", List.of(),
                (client, failed) -> { }));
        }
    }

    @ParameterizedTest(name = "{0}: Table 1 LRPC {1} cycles")
    @CsvSource({"amd-2x2, 757", "intel-2x4, 845", "amd-4x4, 1463", "amd-8x4, 1549"})
    void aSameCoreRpcCostsAboutTable1sLrpc(final String machine, final long paperCycles) throws Exception
    {
        final MachineSpec spec = Machines.load(machine);
        final Queue<Long> log = new ConcurrentLinkedQueue<>();
        try (SimPlatform sim = new SimPlatform(spec, 2, SimOptions.seeded(5)))
        {
            final BootImage image = BootImage.empty().with("server", () -> new DomainProgram(new Server()))
                .with("client", () -> new DomainProgram(new Client(log))).with("starter", () -> new Starter(log));
            final BootResult result = Boot.run(sim, new SimInterconnect(sim),
                MonitorConfig.defaults(2).withWarmupNs(0, 0).withPingRounds(5), image,
                new BootPlan(List.of(), Optional.of("starter"), 0));
            assertTrue(result.succeeded(), () -> result.error().orElse("") + " " + log);
        }
        final double cycles = log.peek() / 1000.0 * spec.clockGhz();
        assertTrue(Math.abs(cycles - paperCycles) <= paperCycles * 0.05, machine + ": a same-core RPC costs " + cycles
            + " cycles in the model, Table 1 says " + paperCycles);
    }
}
