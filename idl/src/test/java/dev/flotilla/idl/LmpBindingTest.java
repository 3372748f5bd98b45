package dev.flotilla.idl;

import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.LmpChannel;

/** The binding contract over LMP: both ends on one core. */
class LmpBindingTest extends BindingContractTest
{
    @Override
    protected Channel[] newPair(final int slots)
    {
        return LmpChannel.pair(0, slots);
    }
}
