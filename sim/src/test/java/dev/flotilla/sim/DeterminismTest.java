package dev.flotilla.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.platform.Agent;
import dev.flotilla.sim.machine.MachineSpec;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelSetup;
import dev.flotilla.urpc.MessageHandler;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives the same trace; another seed gives another trace that still delivers everything.
 * The workload: sixteen cores, each sending bursts to pseudo-randomly chosen others over a full mesh
 * and forwarding what it receives until every message has made a set number of hops.
 */
class DeterminismTest
{
    private static final int HOPS = 8;

    @Test
    void theSameSeedGivesTheSameTraceAndAnotherSeedAnotherThatStillWorks()
    {
        final SimSummary first = run(SimOptions.seeded(1).withJitterNs(40));
        final SimSummary again = run(SimOptions.seeded(1).withJitterNs(40));
        assertEquals(first, again, "same seed, same trace");
        final SimSummary other = run(SimOptions.seeded(2).withJitterNs(40));
        assertNotEquals(first.traceHash(), other.traceHash(), "the seed changes the order of simultaneous events");
        assertEquals(first.deliveries(), other.deliveries(), "every message still arrives (seed 2)");
        final SimSummary noJitter = run(SimOptions.seeded(9));
        assertEquals(noJitter, run(SimOptions.seeded(9)), "seed 9 without jitter");
    }

    private static SimSummary run(final SimOptions options)
    {
        final MachineSpec spec = Machines.load("amd-4x4");
        final SimPlatform sim = new SimPlatform(spec, 16, options);
        final SimInterconnect interconnect = new SimInterconnect(sim);
        final Channel[][] mesh = new Channel[16][16];
        for (int a = 0; a < 16; a++)
        {
            for (int b = a + 1; b < 16; b++)
            {
                final ChannelSetup setup = interconnect.create(a, b, 4);
                mesh[a][b] = setup.local();
                mesh[b][a] = interconnect.attach(b, setup.descriptor());
            }
        }
        final Gossip[] cores = new Gossip[16];
        for (int core = 0; core < 16; core++)
        {
            cores[core] = new Gossip(core, mesh[core]);
            sim.startCore(core, cores[core]);
        }
        assertFalse(sim.awaitHalt(1_000_000_000L), "gossip cores wait for more, so the run ends when nothing is left");
        assertTrue(sim.faults().isEmpty(), () -> "seed " + options.seed() + ": " + sim.faults());
        long finished = 0;
        for (final Gossip core : cores)
        {
            finished += core.finished;
        }
        assertEquals(16 * 20, finished, "every message made all its hops; seed " + options.seed());
        final SimSummary summary = sim.summary();
        sim.close();
        return summary;
    }

    /** Sends 20 messages, forwards each message it gets until it has made {@link #HOPS} hops, then waits. */
    private static final class Gossip implements Agent, MessageHandler
    {
        private final int core;
        private final Channel[] peers;
        private final SplittableRandom choices;
        private final long[] out = new long[2];
        private final ArrayDeque<long[]> backlog = new ArrayDeque<>();
        private int started;
        long finished;

        Gossip(final int core, final Channel[] peers)
        {
            this.core = core;
            this.peers = peers;
            this.choices = new SplittableRandom(core);
        }

        @Override
        public int doWork(final long nowNs)
        {
            int work = 0;
            if (started < 20)
            {
                backlog.add(new long[] {core * 1000L + started, 0});
                started++;
                work++;
            }
            while (!backlog.isEmpty())
            {
                final long[] next = backlog.peek();
                int to = choices.nextInt(15);
                to = to >= core ? to + 1 : to;
                if (!peers[to].trySend(1, next, 0, 2))
                {
                    break;
                }
                backlog.poll();
                work++;
            }
            for (final Channel peer : peers)
            {
                if (peer != null)
                {
                    work += peer.poll(this, 4);
                }
            }
            return work;
        }

        @Override
        public void onMessage(final Channel channel, final int type, final long[] payload, final int length)
        {
            if (payload[1] + 1 == HOPS)
            {
                finished++;
                return;
            }
            out[0] = payload[0];
            out[1] = payload[1] + 1;
            backlog.add(out.clone());
        }

        @Override
        public String roleName()
        {
            return "gossip-" + core;
        }

        @Override
        public boolean isHalted()
        {
            return false;
        }
    }
}
