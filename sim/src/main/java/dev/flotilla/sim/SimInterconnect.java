package dev.flotilla.sim;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.urpc.BroadcastAddress;
import dev.flotilla.urpc.BroadcastChannel;
import dev.flotilla.urpc.BroadcastReceiver;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelDescriptor;
import dev.flotilla.urpc.ChannelSetup;
import dev.flotilla.urpc.Interconnect;
import dev.flotilla.urpc.LmpChannel;
import dev.flotilla.urpc.Transport;
import dev.flotilla.urpc.UmpDescriptor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The interconnect of a simulated machine: binds {@link Transport#SIM} between different cores and
 * LMP within one, so OS code that asks for a channel gets one timed by the machine's cost model
 * without naming a transport. Asked for UMP by name (the SKB's {@code ump}), it makes SIM, between cores or
 * within one; asked for LMP across cores, it refuses with {@code TRANSPORT_UNAVAILABLE}.
 *
 * <p>A cross-core channel is named to the peer by its index in this interconnect (the descriptor's
 * address word), as a UMP channel is named by its frame's address; each peer endpoint can be attached
 * once, by the core it was made for. A broadcast channel is named by its index among the broadcast channels, and
 * each reader joins once, on its core, under its index.
 */
public final class SimInterconnect implements Interconnect
{
    private final SimPlatform sim;
    private final List<SimChannel> peerEnds = new ArrayList<>();
    private final List<Boolean> attached = new ArrayList<>();
    private final List<SimBroadcastReceiver[]> broadcasts = new ArrayList<>();
    private final List<BitSet> broadcastsJoined = new ArrayList<>();

    public SimInterconnect(final SimPlatform sim)
    {
        this.sim = sim;
    }

    @Override
    public Transport transportBetween(final int coreA, final int coreB)
    {
        return coreA == coreB ? Transport.LMP : Transport.SIM;
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
        if (transport == Transport.LMP)
        {
            throw new FlotillaException(ErrorCode.TRANSPORT_UNAVAILABLE, "an LMP channel cannot join core " + creatorCore
                + " to core " + peerCore);
        }
        // UMP asked for: the simulator carries it as SIM, a ring timed by the cost model (within one core too)
        final SimCore creator = sim.core(creatorCore);
        final SimCore peer = sim.core(peerCore);
        final SimRing toPeer = new SimRing(ringSlots);
        final SimRing toCreator = new SimRing(ringSlots);
        final SimChannel local = new SimChannel(sim, creator, peer, toPeer, toCreator);
        peerEnds.add(new SimChannel(sim, peer, creator, toCreator, toPeer));
        attached.add(false);
        final ChannelDescriptor descriptor = new ChannelDescriptor(Transport.SIM, peerEnds.size() - 1, ringSlots, creatorCore);
        return new ChannelSetup(local, creatorCore == peerCore ? attach(peerCore, descriptor) : null, descriptor);
    }

    @Override
    public Channel attach(final int localCore, final ChannelDescriptor descriptor)
    {
        if (descriptor.transport() != Transport.SIM)
        {
            throw new IllegalArgumentException("this interconnect makes SIM channels, not " + descriptor.transport());
        }
        final long id = descriptor.address();
        if (id < 0 || id >= peerEnds.size())
        {
            throw new IllegalArgumentException("no simulated channel " + id + " was created");
        }
        final SimChannel end = peerEnds.get((int)id);
        if (end.localCore() != localCore || end.remoteCore() != descriptor.creatorCore()
            || end.ringSlots() != descriptor.ringSlots())
        {
            throw new IllegalArgumentException("simulated channel " + id + " joins core " + end.remoteCore() + " to core "
                + end.localCore() + " with " + end.ringSlots() + " slots; core " + localCore + " cannot attach it as "
                + descriptor);
        }
        if (attached.set((int)id, true))
        {
            throw new IllegalArgumentException("simulated channel " + id + " is already attached");
        }
        return end;
    }

    @Override
    public BroadcastChannel createBroadcast(final int writerCore, final int[] readerCores, final int ringSlots)
    {
        Interconnect.checkReaders(writerCore, readerCores, sim.coreCount());
        final SimBroadcastRing ring = new SimBroadcastRing(sim, ringSlots, writerCore, readerCores);
        final SimBroadcastReceiver[] readers = new SimBroadcastReceiver[readerCores.length];
        for (int i = 0; i < readers.length; i++)
        {
            readers[i] = new SimBroadcastReceiver(sim, ring, i);
        }
        broadcasts.add(readers);
        broadcastsJoined.add(new BitSet());
        return new SimBroadcastChannel(sim, ring, broadcasts.size() - 1);
    }

    @Override
    public BroadcastReceiver attachBroadcast(final int localCore, final BroadcastAddress address, final int readerIndex)
    {
        if (address.transport() != Transport.SIM)
        {
            throw new IllegalArgumentException("this interconnect makes SIM broadcast channels, not " + address.transport());
        }
        final long id = address.address();
        if (id < 0 || id >= broadcasts.size())
        {
            throw new IllegalArgumentException("no simulated broadcast channel " + id + " was created");
        }
        final SimBroadcastReceiver[] readers = broadcasts.get((int)id);
        if (readerIndex < 0 || readerIndex >= readers.length || readers[readerIndex].localCore() != localCore
            || readers[readerIndex].writerCore() != address.writerCore() || readers.length != address.readers())
        {
            throw new IllegalArgumentException("simulated broadcast channel " + id + " has no reader " + readerIndex
                + " on core " + localCore + " for " + address);
        }
        if (broadcastsJoined.get((int)id).get(readerIndex))
        {
            throw new IllegalArgumentException("reader " + readerIndex + " of simulated broadcast channel " + id
                + " has already joined");
        }
        broadcastsJoined.get((int)id).set(readerIndex);
        return readers[readerIndex];
    }
}
