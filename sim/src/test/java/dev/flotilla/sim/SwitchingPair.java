package dev.flotilla.sim;

import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelCounters;
import dev.flotilla.urpc.ChannelSetup;
import dev.flotilla.urpc.MessageHandler;
import dev.flotilla.urpc.Transport;

/**
 * Two endpoints of a simulated channel that one test thread drives without the event loop: every time
 * the test switches from one endpoint to the other, the core it switches to is moved forward in virtual
 * time past anything in flight, as if it had been busy meanwhile. Messages and acknowledgements
 * therefore arrive exactly when the cost model says they may, and the test sees them on its next look,
 * as it would on UMP. Shared with other modules' tests through this module's test jar.
 */
public final class SwitchingPair
{
    /** Longer than any transfer plus jitter on the paper's machines, so a switch lets everything in flight land. */
    private static final long SWITCH_PS = 10_000_000;

    private final SimPlatform sim;
    private int lastCore = -1;

    private SwitchingPair(final SimPlatform sim)
    {
        this.sim = sim;
    }

    /** A channel from {@code creator} to {@code peer} on {@code sim}: index 0 is the creator's endpoint. */
    public static Channel[] create(final SimPlatform sim, final int creator, final int peer, final int slots)
    {
        final SimInterconnect interconnect = new SimInterconnect(sim);
        final ChannelSetup setup = interconnect.create(creator, peer, slots);
        final Channel attached = interconnect.attach(peer, setup.descriptor());
        final SwitchingPair pair = new SwitchingPair(sim);
        return new Channel[] {pair.new Switching(setup.local()), pair.new Switching(attached)};
    }

    /** Moves {@code core} past every other core's clock when the test turns to it. */
    private void switchTo(final int core)
    {
        if (core != lastCore)
        {
            long latest = 0;
            for (int c = 0; c < sim.coreCount(); c++)
            {
                latest = Math.max(latest, sim.core(c).now);
            }
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
