package dev.flotilla.urpc;

/** The channel contract on LMP: both endpoints on one core, so one thread drives both. */
class LmpChannelContractTest extends ChannelContractTest
{
    @Override
    protected Channel[] newPair(final int slots)
    {
        return LmpChannel.pair(0, slots);
    }

    @Override
    protected boolean crossThread()
    {
        return false;
    }
}
