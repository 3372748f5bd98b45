package dev.flotilla.sim;

import dev.flotilla.sim.machine.CostModel;
import dev.flotilla.urpc.BroadcastHandler;
import dev.flotilla.urpc.BroadcastReceiver;
import dev.flotilla.urpc.ChannelCounters;

/**
 * One reader's end of a simulated broadcast channel ({@link SimBroadcastRing}; the writer's timing is in
 * {@link SimBroadcastChannel}).
 *
 * <p>Timing. A poll that finds the next message visible reads each of its slots' lines: the writer's store took
 * every copy away, so each read is a miss served from the writer's cache, and the line's home takes one miss at a
 * time ({@link dev.flotilla.sim.coherence.CacheLine#readAtPs}): when R readers take one message, the r-th to ask
 * waits for the r - 1 transactions ahead of it, each held at the home until its reader's completion is back after
 * every node's answer to the probes — the contention that makes the paper's broadcast the slowest fan-out. The
 * reader then pays {@code receive} per slot. A poll that finds nothing reads the header of the slot the next
 * message goes into: from its own copy (an L1 hit), or, the first time round the ring, with a miss that makes it a
 * sharer too. Its position line is the reader's: storing to it (every N/2 slots, or when a poll finds it caught
 * up, as natively) costs a hit, or the invalidation of the writer's copy when the writer read it since.
 */
final class SimBroadcastReceiver implements BroadcastReceiver
{
    private final SimPlatform sim;
    private final SimCore local;
    private final SimBroadcastRing ring;
    private final int index;
    private final long receivePs;
    private final long l1HitPs;
    private final long[] buffer;
    private final ChannelCounters counters = new ChannelCounters();

    SimBroadcastReceiver(final SimPlatform sim, final SimBroadcastRing ring, final int index)
    {
        this.sim = sim;
        this.ring = ring;
        this.index = index;
        this.local = sim.core(ring.readerCores[index]);
        final CostModel costs = sim.costs();
        this.receivePs = costs.receivePs();
        this.l1HitPs = costs.l1HitPs();
        this.buffer = new long[ring.slots * SimRing.SLOT_WORDS];
    }

    @Override
    public int poll(final BroadcastHandler handler, final int limit)
    {
        int delivered = 0;
        while (delivered < limit && hasPending())
        {
            long next = ring.consumed[index];
            int length = 0;
            int control;
            long in = local.now;
            do
            {
                final int slot = (int)(next & ring.mask);
                in = Math.max(in, ring.slotLines[slot].readAtPs(local.id, local.now));
                control = ring.control[slot];
                final int words = SimRing.words(control);
                System.arraycopy(ring.words, slot * SimRing.SLOT_WORDS, buffer, length, words);
                length += words;
                next++;
            }
            while (SimRing.more(control));
            local.stall(in - local.now);
            local.charge(receivePs * (next - ring.consumed[index]));
            ring.consumed[index] = next;
            counters.onReceived(1, (long)length * Long.BYTES);
            final int type = SimRing.type(control);
            sim.delivered(local, type, length);
            delivered++;
            if (ring.consumed[index] - ring.announced[index] >= ring.slots / 2)
            {
                announce();
            }
            handler.onMessage(this, type, buffer, length);
        }
        if (delivered == 0)
        {
            emptyPoll();
        }
        return delivered;
    }

    /** Nothing visible: the header of the next slot is read from this core's copy, fetched once if it has none. */
    private void emptyPoll()
    {
        final long next = ring.consumed[index];
        final int slot = (int)(next & ring.mask);
        if (next >= ring.written && !ring.slotLines[slot].heldBy(local.id))
        {
            local.stall(ring.slotLines[slot].readAtPs(local.id, local.now) - local.now);
        }
        else
        {
            local.charge(l1HitPs);
        }
        if (ring.announced[index] != ring.consumed[index])
        {
            announce();
        }
    }

    /** Stores this reader's position on its line. */
    private void announce()
    {
        local.stall(ring.positionLines[index].writeAtPs(local.id, local.now) - local.now);
        ring.announce(index, ring.consumed[index], local.now);
    }

    @Override
    public boolean hasPending()
    {
        final long next = ring.consumed[index];
        return next < ring.written && ring.published[(int)(next & ring.mask)] <= local.now;
    }

    @Override
    public int localCore()
    {
        return local.id;
    }

    @Override
    public int writerCore()
    {
        return ring.writer;
    }

    @Override
    public int readerIndex()
    {
        return index;
    }

    @Override
    public ChannelCounters counters()
    {
        return counters;
    }

    @Override
    public String toString()
    {
        return "SIM broadcast reader " + index + " on core " + local.id + " of core " + ring.writer;
    }
}
