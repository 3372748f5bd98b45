package dev.flotilla.idl;

import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.SwitchingPair;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.urpc.Channel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** The binding contract over the simulator's transport, between two packages of the 8x4-core AMD, with jitter. */
class SimBindingTest extends BindingContractTest
{
    private final List<SimPlatform> sims = new ArrayList<>();

    @Override
    protected Channel[] newPair(final int slots)
    {
        final SimPlatform sim = new SimPlatform(Machines.load("amd-8x4"), 32, SimOptions.seeded(11).withJitterNs(100));
        sims.add(sim);
        return SwitchingPair.create(sim, 0, 28, slots);
    }

    @Override
    protected void release()
    {
        sims.forEach(SimPlatform::close);
    }

    /** The capability-argument contract over the same transport. */
    @Nested
    class Capabilities extends CapabilityCarrierContractTest
    {
        @Override
        protected Channel[] newPair(final int slots)
        {
            return SimBindingTest.this.newPair(slots);
        }
    }
}
