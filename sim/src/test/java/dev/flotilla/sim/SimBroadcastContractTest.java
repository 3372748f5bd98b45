package dev.flotilla.sim;

import dev.flotilla.sim.machine.Machines;
import dev.flotilla.urpc.BroadcastAddress;
import dev.flotilla.urpc.BroadcastChannel;
import dev.flotilla.urpc.BroadcastContractTest;
import dev.flotilla.urpc.BroadcastHandler;
import dev.flotilla.urpc.BroadcastReceiver;
import dev.flotilla.urpc.ChannelCounters;
import dev.flotilla.urpc.Transport;

/**
 * The broadcast contract on the simulator, on the 8x4-core AMD with jitter on, driven from one thread: whenever
 * the test turns to another core, that core moves past every clock plus longer than any transfer, as
 * {@link SwitchingPair} does for a channel, so what is in flight lands before it looks.
 */
class SimBroadcastContractTest extends BroadcastContractTest
{
    private static final long SWITCH_PS = 10_000_000;

    private SimPlatform sim;
    private int lastCore = -1;

    @Override
    protected Parts open(final int slots, final int readers)
    {
        sim = new SimPlatform(Machines.load("amd-8x4"), 32, SimOptions.seeded(11).withJitterNs(100));
        final SimInterconnect interconnect = new SimInterconnect(sim);
        final int[] cores = new int[readers];
        for (int i = 0; i < readers; i++)
        {
            cores[i] = i + 1;
        }
        final BroadcastChannel writer = interconnect.createBroadcast(0, cores, slots);
        final BroadcastReceiver[] ends = new BroadcastReceiver[readers];
        for (int i = 0; i < readers; i++)
        {
            ends[i] = new SwitchingReader(interconnect.attachBroadcast(i + 1, writer.address(), i));
        }
        return new Parts(new SwitchingWriter(writer), ends);
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

    private final class SwitchingWriter implements BroadcastChannel
    {
        private final BroadcastChannel inner;

        SwitchingWriter(final BroadcastChannel inner)
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
        public int localCore()
        {
            return inner.localCore();
        }

        @Override
        public int readers()
        {
            return inner.readers();
        }

        @Override
        public int readerCore(final int index)
        {
            return inner.readerCore(index);
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
        public BroadcastAddress address()
        {
            return inner.address();
        }

        @Override
        public ChannelCounters counters()
        {
            return inner.counters();
        }
    }

    private final class SwitchingReader implements BroadcastReceiver
    {
        private final BroadcastReceiver inner;

        SwitchingReader(final BroadcastReceiver inner)
        {
            this.inner = inner;
        }

        @Override
        public int poll(final BroadcastHandler handler, final int limit)
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
        public int writerCore()
        {
            return inner.writerCore();
        }

        @Override
        public int readerIndex()
        {
            return inner.readerIndex();
        }

        @Override
        public ChannelCounters counters()
        {
            return inner.counters();
        }
    }
}
