package dev.flotilla.sim;

import dev.flotilla.sim.machine.CostModel;
import dev.flotilla.urpc.BroadcastAddress;
import dev.flotilla.urpc.BroadcastChannel;
import dev.flotilla.urpc.ChannelChecks;
import dev.flotilla.urpc.ChannelCounters;
import dev.flotilla.urpc.Transport;
import java.util.Objects;

/**
 * The writer's end of a simulated broadcast channel ({@link Transport#SIM}): {@link dev.flotilla.urpc.UmpBroadcastChannel}'s
 * semantics, timed by the machine's coherence model ({@link SimBroadcastRing}).
 *
 * <p>Timing. A message of k slots charges the writer {@code k x send}, then stalls it until it owns every slot's
 * line alone: each line is shared by the readers that read it a lap ago (or polled it empty), so the store must
 * invalidate every copy — in parallel, waiting for the last node's answer to the home's probes
 * ({@link dev.flotilla.sim.coherence.CacheLine#writeAtPs});
 * the k lines' misses overlap. The message is visible once the stall is over (plus jitter, never before the one
 * ahead of it), and every reader's doorbell rings then. When the writer's cached least position leaves too little
 * room, it reads every reader's position line, the misses overlapped (an out-of-order core's loads to different
 * lines), stalled until the last is in.
 */
final class SimBroadcastChannel implements BroadcastChannel
{
    private final SimPlatform sim;
    private final SimCore local;
    private final SimBroadcastRing ring;
    private final long id;
    private final long sendPs;
    private final ChannelCounters counters = new ChannelCounters();
    /** The first slot index not yet known free for every reader, as of the writer's last look at the position lines. */
    private long knownFree;

    SimBroadcastChannel(final SimPlatform sim, final SimBroadcastRing ring, final long id)
    {
        this.sim = sim;
        this.local = sim.core(ring.writer);
        this.ring = ring;
        this.id = id;
        final CostModel costs = sim.costs();
        this.sendPs = costs.sendPs();
        this.knownFree = ring.slots;
    }

    @Override
    public boolean trySend(final int type, final long[] payload, final int offset, final int length)
    {
        ChannelChecks.type(type);
        Objects.checkFromIndexSize(offset, length, payload.length);
        if (length > maxMessageWords())
        {
            throw new IllegalArgumentException("message of " + length + " words does not fit a broadcast ring of "
                + ring.slots + " slots; at most " + maxMessageWords() + " words");
        }
        final int needed = SimRing.slotsFor(length);
        if (!reserve(needed))
        {
            return false;
        }
        local.charge(sendPs * needed);
        long owned = local.now;
        int done = 0;
        final long first = ring.written;
        for (long index = first; index < first + needed; index++)
        {
            final int slot = (int)(index & ring.mask);
            final int words = Math.min(SimRing.SLOT_WORDS, length - done);
            System.arraycopy(payload, offset + done, ring.words, slot * SimRing.SLOT_WORDS, words);
            done += words;
            ring.control[slot] = SimRing.control(type, words, done < length);
            ring.takenBy[slot] = 0;
            owned = Math.max(owned, ring.slotLines[slot].writeAtPs(local.id, local.now));
        }
        local.stall(owned - local.now);
        final long visible = Math.max(local.now + sim.jitterPs(), ring.lastPublished);
        ring.lastPublished = visible;
        for (long index = first; index < first + needed; index++)
        {
            ring.published[(int)(index & ring.mask)] = visible;
        }
        ring.written = first + needed;
        counters.onSent(1, (long)length * Long.BYTES);
        for (final int reader : ring.readerCores)
        {
            if (sim.ring(sim.core(reader), visible))
            {
                counters.onWakeup();
            }
        }
        return true;
    }

    /** True if {@code needed} slots are free for every reader as far as the writer can know by now. */
    private boolean reserve(final int needed)
    {
        final long last = ring.written + needed - 1;
        if (last < knownFree)
        {
            return true;
        }
        long in = local.now;
        for (final var line : ring.positionLines)
        {
            in = Math.max(in, line.readAtPs(local.id, local.now));
        }
        local.stall(in - local.now);
        while (knownFree - ring.slots < ring.written && ring.reusable(knownFree, local.now))
        {
            knownFree++;
        }
        if (last < knownFree)
        {
            return true;
        }
        counters.onStall();
        return false;
    }

    @Override
    public int localCore()
    {
        return local.id;
    }

    @Override
    public int readers()
    {
        return ring.readerCores.length;
    }

    @Override
    public int readerCore(final int index)
    {
        return ring.readerCores[index];
    }

    @Override
    public Transport transport()
    {
        return Transport.SIM;
    }

    @Override
    public int ringSlots()
    {
        return ring.slots;
    }

    @Override
    public BroadcastAddress address()
    {
        return new BroadcastAddress(Transport.SIM, id, ring.slots, ring.readerCores.length, local.id);
    }

    @Override
    public ChannelCounters counters()
    {
        return counters;
    }

    @Override
    public String toString()
    {
        return "SIM broadcast " + local.id + "->" + ring.readerCores.length + " readers (" + ring.slots + " slots)";
    }
}
