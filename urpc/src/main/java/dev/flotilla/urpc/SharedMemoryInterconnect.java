package dev.flotilla.urpc;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.platform.CoreWakeup;
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
    public ChannelSetup create(final int creatorCore, final int peerCore, final int ringSlots, final Transport transport)
    {
        UmpDescriptor.checkRingSlots(ringSlots);
        if (transport == Transport.LMP && creatorCore == peerCore)
        {
            final LmpChannel[] pair = LmpChannel.pair(creatorCore, ringSlots);
            return new ChannelSetup(pair[0], pair[1], null);
        }
        if (transport != Transport.UMP)
        {
            throw new FlotillaException(ErrorCode.TRANSPORT_UNAVAILABLE, "the native interconnect cannot make a "
                + transport + " channel from core " + creatorCore + " to core " + peerCore);
        }
        final MemorySegment frame = platform.sharedMemory().allocate(UmpDescriptor.frameBytes(ringSlots));
        final UmpChannel local = new UmpChannel(frame, ringSlots, true, creatorCore, peerCore, platform.wakeup(peerCore));
        final ChannelDescriptor descriptor = new ChannelDescriptor(Transport.UMP, frame.address(), ringSlots, creatorCore);
        // one core: a UMP ring works within a core too; the creator attaches the other end itself
        return new ChannelSetup(local, creatorCore == peerCore ? attach(peerCore, descriptor) : null, descriptor);
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

    @Override
    public BroadcastChannel createBroadcast(final int writerCore, final int[] readerCores, final int ringSlots)
    {
        Interconnect.checkReaders(writerCore, readerCores, platform.coreCount());
        final MemorySegment frame = platform.sharedMemory().allocate(BroadcastDescriptor.frameBytes(ringSlots,
            readerCores.length));
        final CoreWakeup[] wakeups = new CoreWakeup[readerCores.length];
        for (int i = 0; i < readerCores.length; i++)
        {
            wakeups[i] = platform.wakeup(readerCores[i]);
        }
        return new UmpBroadcastChannel(frame, ringSlots, writerCore, readerCores, wakeups);
    }

    @Override
    public BroadcastReceiver attachBroadcast(final int localCore, final BroadcastAddress address, final int readerIndex)
    {
        if (address.transport() != Transport.UMP)
        {
            throw new IllegalArgumentException("this interconnect makes UMP broadcast channels, not " + address.transport());
        }
        final MemorySegment frame = platform.sharedMemory().attach(address.address(),
            BroadcastDescriptor.frameBytes(address.ringSlots(), address.readers()));
        return new UmpBroadcastReceiver(frame, address.ringSlots(), address.readers(), readerIndex, localCore,
            address.writerCore());
    }
}
