package dev.flotilla.sim;

import dev.flotilla.sim.machine.Machines;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelContractTest;
import dev.flotilla.urpc.ChannelCounters;
import dev.flotilla.urpc.ChannelSetup;
import dev.flotilla.urpc.MessageHandler;
import dev.flotilla.urpc.Transport;

/**
 * The channel contract on the simulator's transport, between two cores three HyperTransport hops
 * apart on the 8x4-core AMD, with message jitter on.
 *
 * <p>The contract drives both endpoints from one thread without the event loop, so this fixture plays
 * the loop's part: every time the test switches from one endpoint to the other, the core it switches
 * to is moved forward in virtual time past anything in flight, as if it had been busy meanwhile.
 * Messages and acknowledgements therefore arrive exactly when the cost model says they may, and the
 * test sees them on its next look, as it would on UMP.
 */
class SimChannelContractTest extends ChannelContractTest
{
    /** Longer than any transfer plus jitter on the machine, so a switch lets everything in flight land. */
    private static final long SWITCH_PS = 10_000_000;

    private SimPlatform sim;
    private int lastCore = -1;

    @Override
    protected Channel[] newPair(final int slots)
    {
        sim = new SimPlatform(Machines.load("amd-8x4"), 32, SimOptions.seeded(7).withJitterNs(100));
        final SimInterconnect interconnect = new SimInterconnect(sim);
        final ChannelSetup setup = interconnect.create(0, 28, slots);
        final Channel peer = interconnect.attach(28, setup.descriptor());
        return new Channel[] {new Switching(setup.local()), new Switching(peer)};
    }

    @Override
    protected boolean crossThread()
    {
        return false;
    }

    @Override
    protected void release()
    {
        if (sim != null)
        {
            sim.close();
        }
    }

    /** Moves {@code core} past every other core's clock when the test turns to it. */
    private void switchTo(final int core)
    {
        if (core != lastCore)
        {
            final long latest = Math.max(sim.core(0).now, sim.core(28).now);
            sim.advance(core, latest + SWITCH_PS);
            lastCore = core;
        }
    }

    /** An endpoint that first switches the simulation to its core. */
    private final class Switching implements Channel
    {
        private final Channel inner;

        Switching(final Channel inner)
        {
            this.inner = inner;
        }

        @Override
        public boolean trySend(final int type, final long[] payload, final int offset, final int length)
        {
            switchTo(inner.localCore());
            return inner.trySend(type, payload, offset, length);
        }

        @Override
        public boolean trySend(final int type, final long word)
        {
            switchTo(inner.localCore());
            return inner.trySend(type, word);
        }

        @Override
        public int trySendBatch(final int type, final long[] payload, final int offset, final int wordsPerMessage,
            final int count)
        {
            switchTo(inner.localCore());
            return inner.trySendBatch(type, payload, offset, wordsPerMessage, count);
        }

        @Override
        public int poll(final MessageHandler handler, final int limit)
        {
            switchTo(inner.localCore());
            return inner.poll(handler, limit);
        }

        @Override
        public boolean hasPending()
        {
            switchTo(inner.localCore());
            return inner.hasPending();
        }

        @Override
        public int localCore()
        {
            return inner.localCore();
        }

        @Override
        public int remoteCore()
        {
            return inner.remoteCore();
        }

        @Override
        public Transport transport()
        {
            return inner.transport();
        }

        @Override
        public int ringSlots()
        {
            return inner.ringSlots();
        }

        @Override
        public int maxMessageWords()
        {
            return inner.maxMessageWords();
        }

        @Override
        public ChannelCounters counters()
        {
            return inner.counters();
        }
    }
}
