package dev.flotilla.urpc;

import dev.flotilla.platform.Platform;
import java.lang.foreign.MemorySegment;

/**
 * The native interconnect: UMP over the platform's shared memory between cores, LMP within a core.
 * Stateless apart from the platform, so one instance serves every core.
 */
public final class SharedMemoryInterconnect implements Interconnect
{
    private final Platform platform;

    public SharedMemoryInterconnect(final Platform platform)
    {
        this.platform = platform;
    }

    @Override
    public Transport transportBetween(final int coreA, final int coreB)
    {
        return coreA == coreB ? Transport.LMP : Transport.UMP;
    }

    @Override
    public ChannelSetup create(final int creatorCore, final int peerCore, final int ringSlots)
    {
        UmpDescriptor.checkRingSlots(ringSlots);
        if (creatorCore == peerCore)
        {
            final LmpChannel[] pair = LmpChannel.pair(creatorCore, ringSlots);
            return new ChannelSetup(pair[0], pair[1], null);
        }
        final MemorySegment frame = platform.sharedMemory().allocate(UmpDescriptor.frameBytes(ringSlots));
        final UmpChannel local = new UmpChannel(frame, ringSlots, true, creatorCore, peerCore, platform.wakeup(peerCore));
        return new ChannelSetup(local, null,
            new ChannelDescriptor(Transport.UMP, frame.address(), ringSlots, creatorCore));
    }

    @Override
    public Channel attach(final int localCore, final ChannelDescriptor descriptor)
    {
        if (descriptor.transport() != Transport.UMP)
        {
            throw new IllegalArgumentException("this interconnect makes UMP channels, not " + descriptor.transport());
        }
        final MemorySegment frame = platform.sharedMemory().attach(descriptor.address(),
            UmpDescriptor.frameBytes(descriptor.ringSlots()));
        return new UmpChannel(frame, descriptor.ringSlots(), false, localCore, descriptor.creatorCore(),
            platform.wakeup(descriptor.creatorCore()));
    }
}
