package dev.flotilla.sim;

import dev.flotilla.sim.machine.Machines;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelContractTest;

/**
 * The channel contract on the simulator's transport, between two cores three HyperTransport hops
 * apart on the 8x4-core AMD, with message jitter on (driven from one thread by {@link SwitchingPair}).
 */
class SimChannelContractTest extends ChannelContractTest
{
    private SimPlatform sim;

    @Override
    protected Channel[] newPair(final int slots)
    {
        sim = new SimPlatform(Machines.load("amd-8x4"), 32, SimOptions.seeded(7).withJitterNs(100));
        return SwitchingPair.create(sim, 0, 28, slots);
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
}
