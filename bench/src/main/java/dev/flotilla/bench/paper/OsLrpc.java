package dev.flotilla.bench.paper;

import dev.flotilla.bench.rpc.PingPongBinding;
import dev.flotilla.bench.rpc.PingPongHandler;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.Platform;
import dev.flotilla.runtime.Boot;
import dev.flotilla.runtime.BootResult;
import dev.flotilla.urpc.Interconnect;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Table 1 through the OS: the system boots on two cores and its boot task spawns a server domain and a client
 * domain on core 1 (the core's monitor beside them). The client binds to the server through the name service;
 * the binding is LMP within the core, through the CPU driver. A user-level thread of the client calls the
 * generated blocking stub {@code long ping(...)} of the bench's {@code PingPong} interface in a loop: each call
 * parks the thread until the server's dispatch has answered and the reply's completion has woken it.
 *
 * <pre>
 *   task(0): spawn server(1), then client(1); waits for the client's report, exits: the system halts
 *   client(1) ── ping(w0..w5) ──▶ CPU driver(1) switches ──▶ server(1): reply(sum) ──▶ client(1)
 * </pre>
 *
 * Times are the platform's clock on core 1: virtual on the simulator, where every switch between dispatchers is
 * charged the machine file's {@code cost switch}.
 */
final class OsLrpc
{
    private static final String SERVICE = "table1-lrpc";

    private OsLrpc()
    {
    }

    /**
     * Boots, measures and halts.
     *
     * @param warmup  calls made before the first timed batch (binding, scheduling, the JIT).
     * @param calls   calls per timed batch.
     * @param batches timed batches.
     * @return the median batch's nanoseconds per round trip.
     */
    static double nsPerCall(final Platform platform, final Interconnect interconnect, final MonitorConfig config,
        final int warmup, final int calls, final int batches) throws InterruptedException
    {
        if (platform.coreCount() < 2)
        {
            throw new IllegalArgumentException("the LRPC runs on core 1 beside core 0's boot task: 2 cores needed");
        }
        final Queue<double[]> report = new ConcurrentLinkedQueue<>();
        final BootImage image = BootImage.empty().with("lrpc-server", () -> new DomainProgram(new Server()))
            .with("lrpc-client", () -> new DomainProgram(new Client(warmup, calls, batches, report)))
            .with("lrpc-task", () -> new Task(report));
        final BootResult result = Boot.run(platform, interconnect, config, image,
            new BootPlan(List.of(), Optional.of("lrpc-task"), 0));
        if (!result.succeeded() || report.isEmpty())
        {
            throw new IllegalStateException("LRPC on " + platform.name() + " failed: " + result.error().orElse("no "
                + "report from the client"));
        }
        final double[] perCall = report.peek().clone();
        Arrays.sort(perCall);
        return perCall[perCall.length / 2];
    }

    /** Answers each ping with the sum of its words; serves in its handlers until the system halts. */
    private static final class Server implements Domain
    {
        @Override
        public void main(final DomainContext context)
        {
            context.export(SERVICE, port -> new PingPongBinding(port, new PingPongHandler()
            {
                @Override
                public void onPing(final PingPongBinding.PingRequest request, final long w0, final long w1,
                    final long w2, final long w3, final long w4, final long w5)
                {
                    request.reply(w0 + w1 + w2 + w3 + w4 + w5);
                }
            }));
            context.sleepNs(Long.MAX_VALUE / 4);
        }
    }

    /** Calls the server on its own core; reports each timed batch's nanoseconds per call. */
    private static final class Client implements Domain
    {
        private final int warmup;
        private final int calls;
        private final int batches;
        private final Queue<double[]> report;

        Client(final int warmup, final int calls, final int batches, final Queue<double[]> report)
        {
            this.warmup = warmup;
            this.calls = calls;
            this.batches = batches;
            this.report = report;
        }

        @Override
        public void main(final DomainContext context)
        {
            final PingPongBinding server = new PingPongBinding(context.bind(SERVICE));
            long base = 0;
            for (int i = 0; i < warmup; i++)
            {
                call(server, base++);
            }
            final Dispatcher self = context.dispatcher();
            final double[] perCall = new double[batches];
            for (int b = 0; b < batches; b++)
            {
                final long startNs = self.clock().nanoTime();
                for (int i = 0; i < calls; i++)
                {
                    call(server, base++);
                }
                perCall[b] = (double)(self.clock().nanoTime() - startNs) / calls;
            }
            report.add(perCall);
        }

        /** One blocking round trip, its answer checked: a wrong one means the stubs are broken. */
        private static void call(final PingPongBinding server, final long base)
        {
            final long answer = server.ping(base, base + 1, base + 2, base + 3, base + 4, base + 5);
            if (answer != 6 * base + 15)
            {
                throw new IllegalStateException("LRPC: ping(" + base + ", ...) answered " + answer);
            }
        }
    }

    /** The boot task on core 0: starts the server, then the client, on core 1; exits once the client reported. */
    private static final class Task implements Program
    {
        private final Queue<double[]> report;
        private long nextNs;

        Task(final Queue<double[]> report)
        {
            this.report = report;
        }

        @Override
        public void start(final Dispatcher self)
        {
            self.monitor().spawnDomain(1, "lrpc-server", List.of(), (server, error) ->
            {
                if (error != null)
                {
                    throw new IllegalStateException("LRPC: the server did not start: " + error);
                }
                self.monitor().spawnDomain(1, "lrpc-client", List.of(), (client, failed) ->
                {
                    if (failed != null)
                    {
                        throw new IllegalStateException("LRPC: the client did not start: " + failed);
                    }
                });
            });
        }

        @Override
        public int step(final Dispatcher self, final long nowNs)
        {
            if (!report.isEmpty())
            {
                self.exit(0);
                return 1;
            }
            nextNs = nowNs + 1_000_000; // on core 0: its wake-ups cost core 1 nothing
            return 0;
        }

        @Override
        public long wakeupDeadlineNs()
        {
            return nextNs;
        }
    }
}
