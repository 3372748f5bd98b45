package dev.flotilla.bench.paper;

import dev.flotilla.idl.Reply;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.Platform;
import dev.flotilla.runtime.Boot;
import dev.flotilla.runtime.BootResult;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.Interconnect;
import dev.flotilla.urpc.MessageHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntConsumer;

/**
 * Fig. 3's MSGn through the OS: the system boots (CPU drivers, monitors, the full mesh), and its boot task
 * spawns an update server dispatcher on core 0 and a client dispatcher on each of cores 1 .. N-1. Clients
 * bind to the server through the monitors' name service and talk to it over the channel the interconnect
 * gives them (UMP natively, {@code SimChannel} on the simulator): one-line request, one-line reply, one request
 * outstanding per client. The server owns n cache lines and updates all of them for every request.
 *
 * <pre>
 *   task(0)          server(0)                  client(c), c = 1 .. N-1
 *     spawn server ──▶ export "fig3"
 *     bind "fig3" (retried until exported)
 *     spawn clients ──────────────────────────▶ bind "fig3"
 *                      ◀── READY ─────────────── (each)
 *                      ─── GO ──────────────────▶ (all, once all are ready)
 *                      ◀── UPDATE(seq) / ACK ──▶  warm-up, then the measured span
 *                      ◀── DONE ──────────────── report (updates, ns) to the host
 *     WAIT ──────────▶ FINISHED once all are done; the task ends, the system halts
 * </pre>
 *
 * The server and clients are programs on raw channels: no generated stubs, no user-level threads on the
 * message path; only the task uses a thread, to wait. Times are the platform's: virtual on the simulator.
 */
final class OsUpdates
{
    private static final String SERVICE = "fig3";
    private static final int READY = 1;
    private static final int UPDATE = 2;
    private static final int DONE = 3;
    private static final int WAIT = 4;
    private static final int GO = 10;
    private static final int ACK = 11;
    private static final int FINISHED = 12;
    /** Longs per cache line: the server's lines are a long[] touched at this stride. */
    private static final int LINE_LONGS = 8;

    /**
     * What the clients measured.
     *
     * @param clients      how many clients took part.
     * @param nsPerUpdate  mean time per update seen by a client (its span over its updates, summed over clients).
     * @param updatesPerUs updates the server completed per microsecond, all clients together.
     */
    record Result(int clients, double nsPerUpdate, double updatesPerUs)
    {
    }

    private OsUpdates()
    {
    }

    /**
     * Boots the system on {@code platform} (all its cores: server on 0, clients on the others), runs the
     * experiment and halts.
     *
     * @param lines    the cache lines the server updates per request.
     * @param warmupNs each client's warm-up, in platform time.
     * @param spanNs   each client's measured span.
     * @param lineCost charged by the server for touching its lines on core 0 (the simulator's L1 hits; natively
     *                 a no-op, the real writes cost what they cost).
     */
    static Result run(final Platform platform, final Interconnect interconnect, final MonitorConfig config,
        final int lines, final long warmupNs, final long spanNs, final IntConsumer lineCost) throws InterruptedException
    {
        final int clients = platform.coreCount() - 1;
        if (clients < 1)
        {
            throw new IllegalArgumentException("MSG needs a server core and at least one client core");
        }
        final Queue<long[]> reports = new ConcurrentLinkedQueue<>();
        final BootImage image = BootImage.empty()
            .with("fig3-server", () -> new Server(clients, lines, lineCost))
            .with("fig3-client", () -> new Client(warmupNs, spanNs, reports))
            .with("fig3-task", () -> new DomainProgram(task(clients)));
        final BootResult result = Boot.run(platform, interconnect, config, image,
            new BootPlan(List.of(), Optional.of("fig3-task"), 0));
        if (!result.succeeded())
        {
            throw new IllegalStateException("MSG" + lines + " on " + platform.coreCount() + " cores failed: "
                + result.error().orElse("?"));
        }
        if (reports.size() != clients)
        {
            throw new IllegalStateException(reports.size() + " of " + clients + " clients reported");
        }
        long updates = 0;
        long ns = 0;
        long longest = 0;
        for (final long[] report : reports)
        {
            updates += report[0];
            ns += report[1];
            longest = Math.max(longest, report[1]);
        }
        return new Result(clients, (double)ns / updates, updates / (longest / 1e3));
    }

    /** The boot task: starts the server, then the clients, and waits until every client is done. */
    private static Domain task(final int clients)
    {
        return context ->
        {
            final Dispatcher self = context.dispatcher();
            await(self, done -> self.monitor().spawn(0, "fig3-server", done));
            Channel server = null;
            while (server == null)
            {
                final Reply<Channel> bound = new Reply<>();
                self.monitor().bind(SERVICE, bound);
                self.threads().await(bound);
                if (bound.error() == null)
                {
                    server = bound.get();
                }
                else
                {
                    context.sleepNs(10_000);
                }
            }
            for (int core = 1; core <= clients; core++)
            {
                final int target = core;
                await(self, done -> self.monitor().spawn(target, "fig3-client", done));
            }
            final Reply<Boolean> finished = new Reply<>();
            self.attach(server, (channel, type, payload, length) -> finished.complete(Boolean.TRUE, null));
            send(server, WAIT, 0);
            self.threads().await(finished);
        };
    }

    private static void await(final Dispatcher self, final java.util.function.Consumer<Reply<Boolean>> call)
    {
        final Reply<Boolean> reply = new Reply<>();
        call.accept(reply);
        self.threads().await(reply);
        reply.get();
    }

    private static void send(final Channel channel, final int type, final long word)
    {
        if (!channel.trySend(type, word))
        {
            // one message outstanding per endpoint: a full ring means the protocol is broken
            throw new IllegalStateException("fig3: the ring to core " + channel.remoteCore() + " is full");
        }
    }

    /** The update server: owns the lines; answers each UPDATE after writing every line once. */
    private static final class Server implements Program, MessageHandler
    {
        private final int clients;
        private final int lines;
        private final IntConsumer lineCost;
        /** The server's own lines: written only on its core. */
        private final long[] data;
        private final List<Channel> ready = new ArrayList<>();
        private int done;
        private Channel waiter;

        Server(final int clients, final int lines, final IntConsumer lineCost)
        {
            this.clients = clients;
            this.lines = lines;
            this.lineCost = lineCost;
            this.data = new long[lines * LINE_LONGS];
        }

        @Override
        public void start(final Dispatcher self)
        {
            self.monitor().export(SERVICE, channel -> self.attach(channel, this), (ok, error) ->
            {
                if (error != null)
                {
                    throw new IllegalStateException("fig3 server: export failed: " + error);
                }
            });
        }

        @Override
        public void onMessage(final Channel channel, final int type, final long[] payload, final int length)
        {
            switch (type)
            {
                case UPDATE ->
                {
                    for (int line = 0; line < lines; line++)
                    {
                        data[line * LINE_LONGS] += payload[0];
                    }
                    lineCost.accept(lines);
                    send(channel, ACK, payload[0]);
                }
                case READY ->
                {
                    ready.add(channel);
                    if (ready.size() == clients)
                    {
                        ready.forEach(client -> send(client, GO, 0));
                    }
                }
                case DONE ->
                {
                    done++;
                    finishIfDone();
                }
                case WAIT ->
                {
                    waiter = channel;
                    finishIfDone();
                }
                default -> throw new IllegalStateException("fig3 server: unexpected message type " + type);
            }
        }

        private void finishIfDone()
        {
            if (waiter != null && done == clients)
            {
                send(waiter, FINISHED, data[0]);
                waiter = null;
            }
        }
    }

    /** A client: one UPDATE outstanding; warms up, then counts updates over its span and reports them. */
    private static final class Client implements Program, MessageHandler
    {
        private final long warmupNs;
        private final long spanNs;
        private final Queue<long[]> reports;
        private Dispatcher self;
        private boolean measuring;
        private boolean finished;
        private long phaseStartNs;
        private long updates;

        Client(final long warmupNs, final long spanNs, final Queue<long[]> reports)
        {
            this.warmupNs = warmupNs;
            this.spanNs = spanNs;
            this.reports = reports;
        }

        @Override
        public void start(final Dispatcher dispatcher)
        {
            self = dispatcher;
            self.monitor().bind(SERVICE, (channel, error) ->
            {
                if (error != null)
                {
                    throw new IllegalStateException("fig3 client on core " + self.core() + ": bind failed: " + error);
                }
                self.attach(channel, this);
                send(channel, READY, 0);
            });
        }

        @Override
        public void onMessage(final Channel channel, final int type, final long[] payload, final int length)
        {
            final long now = self.clock().nanoTime();
            if (type == GO)
            {
                phaseStartNs = now;
                send(channel, UPDATE, 1);
                return;
            }
            if (type != ACK || finished)
            {
                throw new IllegalStateException("fig3 client: unexpected message type " + type);
            }
            if (!measuring)
            {
                if (now - phaseStartNs >= warmupNs)
                {
                    measuring = true;
                    phaseStartNs = now;
                }
            }
            else
            {
                updates++;
                if (now - phaseStartNs >= spanNs)
                {
                    finished = true;
                    reports.add(new long[] {updates, now - phaseStartNs});
                    send(channel, DONE, updates);
                    return;
                }
            }
            send(channel, UPDATE, updates + 1);
        }
    }
}
