package dev.flotilla.bench.sim;

import dev.flotilla.platform.Agent;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.coherence.CacheLine;
import dev.flotilla.sim.machine.MachineSpec;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelSetup;
import dev.flotilla.urpc.MessageHandler;

/**
 * The paper's Fig. 3 on a simulated machine: the cost of updating shared state, by shared memory and
 * by messages, as cores are added.
 *
 * <ul>
 *   <li><b>SHMn</b>: every core updates (writes) the same n cache lines, one after another, without
 *       locks; the coherence model moves each line to the writer and queues contending writers.</li>
 *   <li><b>MSGn</b>: core 0 is a server that owns the n lines; every other core sends it a one-line
 *       request over a simulated channel and waits for the one-line reply, and the server updates its
 *       lines locally. The cores counted include the server.</li>
 * </ul>
 * The figure is the mean virtual time per update seen by one updating core, in cycles, after a
 * fixed span of virtual time.
 */
public final class SharedVersusMessages
{
    private final MachineSpec spec;
    private final long spanPs;
    private final SimOptions options;

    /**
     * @param spec   the machine; its first cores are used, one package filled before the next.
     * @param spanPs virtual time each configuration runs for.
     */
    public SharedVersusMessages(final MachineSpec spec, final long spanPs)
    {
        this(spec, spanPs, SimOptions.DEFAULTS);
    }

    /** As above, on simulators made with {@code options} (the seed). */
    public SharedVersusMessages(final MachineSpec spec, final long spanPs, final SimOptions options)
    {
        this.spec = spec;
        this.spanPs = spanPs;
        this.options = options;
    }

    /** Cycles per update when {@code cores} cores update {@code lines} shared lines. */
    public double sharedMemory(final int cores, final int lines)
    {
        try (SimPlatform sim = new SimPlatform(spec, spec.cores(), options))
        {
            final CacheLine[] shared = new CacheLine[lines];
            for (int i = 0; i < lines; i++)
            {
                shared[i] = new CacheLine(sim, 0);
            }
            final Updater[] updaters = new Updater[cores];
            for (int core = 0; core < cores; core++)
            {
                updaters[core] = new Updater(sim, core, shared, spanPs);
                sim.startCore(core, updaters[core]);
            }
            finish(sim, "SHM" + lines);
            long updates = 0;
            for (final Updater updater : updaters)
            {
                updates += updater.updates;
            }
            return cycles((double)spanPs * cores / updates);
        }
    }

    /** Cycles per update when {@code cores - 1} clients send updates of {@code lines} lines to a server. */
    public double messages(final int cores, final int lines)
    {
        try (SimPlatform sim = new SimPlatform(spec, spec.cores(), options))
        {
            final SimInterconnect interconnect = new SimInterconnect(sim);
            final Channel[] toClients = new Channel[cores - 1];
            final Client[] clients = new Client[cores - 1];
            for (int client = 1; client < cores; client++)
            {
                final ChannelSetup setup = interconnect.create(0, client, 32);
                toClients[client - 1] = setup.local();
                clients[client - 1] = new Client(sim, interconnect.attach(client, setup.descriptor()), spanPs);
                sim.startCore(client, clients[client - 1]);
            }
            sim.startCore(0, new Server(sim, toClients, lines, spanPs + 1_000_000_000L));
            finish(sim, "MSG" + lines);
            long updates = 0;
            long busyPs = 0;
            for (final Client client : clients)
            {
                updates += client.updates;
                busyPs += client.finishedPs;
            }
            return cycles((double)busyPs / updates);
        }
    }

    private static void finish(final SimPlatform sim, final String what)
    {
        if (!sim.awaitHalt(Long.MAX_VALUE) || !sim.faults().isEmpty())
        {
            throw new IllegalStateException(what + " did not finish: " + sim.faults() + " (sim seed "
                + sim.options().seed() + ")");
        }
    }

    private double cycles(final double ps)
    {
        return ps * spec.clockGhz() / 1000;
    }

    /** SHMn: writes the shared lines in turn, one line per step, until its span is over. */
    private static final class Updater implements Agent
    {
        private final SimPlatform sim;
        private final int core;
        private final CacheLine[] lines;
        private final long endPs;
        private int next;
        long updates;

        Updater(final SimPlatform sim, final int core, final CacheLine[] lines, final long endPs)
        {
            this.sim = sim;
            this.core = core;
            this.lines = lines;
            this.endPs = endPs;
        }

        @Override
        public int doWork(final long nowNs)
        {
            lines[next].write(core);
            if (++next == lines.length)
            {
                next = 0;
                updates++;
            }
            return 1;
        }

        @Override
        public String roleName()
        {
            return "shm-" + core;
        }

        @Override
        public boolean isHalted()
        {
            return sim.clockPs(core) >= endPs;
        }
    }

    /** MSGn client: one request at a time, until its span is over. */
    private static final class Client implements Agent, MessageHandler
    {
        private final SimPlatform sim;
        private final Channel server;
        private final long endPs;
        private boolean started;
        private boolean halted;
        long updates;
        long finishedPs;

        Client(final SimPlatform sim, final Channel server, final long endPs)
        {
            this.sim = sim;
            this.server = server;
            this.endPs = endPs;
        }

        @Override
        public int doWork(final long nowNs)
        {
            if (!started)
            {
                started = true;
                server.trySend(1, updates);
                return 1;
            }
            return server.poll(this, 1);
        }

        @Override
        public void onMessage(final Channel channel, final int type, final long[] payload, final int length)
        {
            updates++;
            final long now = sim.clockPs(server.localCore());
            if (now >= endPs)
            {
                finishedPs = now;
                halted = true;
                return;
            }
            server.trySend(1, updates);
        }

        @Override
        public String roleName()
        {
            return "msg-client-" + server.localCore();
        }

        @Override
        public boolean isHalted()
        {
            return halted;
        }
    }

    /** MSGn server: answers every request after updating its own lines, all L1 hits. */
    private static final class Server implements Agent, MessageHandler
    {
        private final SimPlatform sim;
        private final Channel[] clients;
        private final long updatePs;
        private final long endPs;

        Server(final SimPlatform sim, final Channel[] clients, final int lines, final long endPs)
        {
            this.sim = sim;
            this.clients = clients;
            this.updatePs = lines * sim.costs().l1HitPs();
            this.endPs = endPs;
        }

        @Override
        public int doWork(final long nowNs)
        {
            int work = 0;
            for (final Channel client : clients)
            {
                work += client.poll(this, 4);
            }
            return work;
        }

        @Override
        public void onMessage(final Channel channel, final int type, final long[] payload, final int length)
        {
            sim.chargePs(0, updatePs);
            channel.trySend(2, payload[0]);
        }

        @Override
        public long wakeupDeadlineNs()
        {
            return endPs / 1000;
        }

        @Override
        public String roleName()
        {
            return "msg-server";
        }

        @Override
        public boolean isHalted()
        {
            return sim.clockPs(0) >= endPs;
        }
    }
}
