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
        return ump(creatorCore, peerCore, ringSlots, new RingFrame(frame, frame.address()));
    }

    @Override
    public boolean ringsInFrames()
    {
        return true;
    }

    @Override
    public ChannelSetup create(final int creatorCore, final int peerCore, final int ringSlots, final Transport transport,
        final RingFrame frame)
    {
        UmpDescriptor.checkRingSlots(ringSlots);
        if (transport != Transport.UMP)
        {
            return create(creatorCore, peerCore, ringSlots, transport);
        }
        if (!frame.fits(ringSlots))
        {
            throw new IllegalArgumentException("rings of " + ringSlots + " slots need "
                + UmpDescriptor.frameBytes(ringSlots) + " bytes; the frame has " + frame.memory().byteSize());
        }
        return ump(creatorCore, peerCore, ringSlots, frame);
    }

    /** A UMP channel whose rings lie in {@code frame}: the creator's end, and the descriptor that names the frame. */
    private ChannelSetup ump(final int creatorCore, final int peerCore, final int ringSlots, final RingFrame frame)
    {
        final MemorySegment rings = frame.memory().asSlice(0, UmpDescriptor.frameBytes(ringSlots));
        final UmpChannel local = new UmpChannel(rings, ringSlots, true, creatorCore, peerCore, platform.wakeup(peerCore));
        final ChannelDescriptor descriptor = new ChannelDescriptor(Transport.UMP, frame.physical(), ringSlots, creatorCore);
        // one core: a UMP ring works within a core too; the creator attaches the other end itself
        final Channel peer = creatorCore == peerCore
            ? new UmpChannel(rings, ringSlots, false, peerCore, creatorCore, platform.wakeup(creatorCore))
            : null;
        return new ChannelSetup(local, peer, descriptor);
    }

    @Override
    public Channel attach(final int localCore, final ChannelDescriptor descriptor, final RingFrame frame)
    {
        if (descriptor.transport() != Transport.UMP)
        {
            throw new IllegalArgumentException("this interconnect makes UMP channels, not " + descriptor.transport());
        }
        if (frame.physical() != descriptor.address() || !frame.fits(descriptor.ringSlots()))
        {
            throw new IllegalArgumentException("the frame at 0x" + Long.toHexString(frame.physical()) + " of "
                + frame.memory().byteSize() + " bytes is not the one the descriptor names (0x"
                + Long.toHexString(descriptor.address()) + ", " + descriptor.ringSlots() + " slots)");
        }
        return new UmpChannel(frame.memory().asSlice(0, UmpDescriptor.frameBytes(descriptor.ringSlots())),
            descriptor.ringSlots(), false, localCore, descriptor.creatorCore(), platform.wakeup(descriptor.creatorCore()));
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
