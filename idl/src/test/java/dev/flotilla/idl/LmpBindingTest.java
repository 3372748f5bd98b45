package dev.flotilla.idl;

import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.LmpChannel;
import org.junit.jupiter.api.Nested;

/** The binding contract over LMP: both ends on one core. */
class LmpBindingTest extends BindingContractTest
{
    @Override
    protected Channel[] newPair(final int slots)
    {
        return LmpChannel.pair(0, slots);
    }

    /** The capability-argument contract over the same transport. */
    @Nested
    class Capabilities extends CapabilityCarrierContractTest
    {
        @Override
        protected Channel[] newPair(final int slots)
        {
            return LmpBindingTest.this.newPair(slots);
        }
    }
}
