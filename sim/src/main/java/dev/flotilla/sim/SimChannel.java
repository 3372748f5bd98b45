package dev.flotilla.sim;

import dev.flotilla.sim.machine.CostModel;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelChecks;
import dev.flotilla.urpc.ChannelCounters;
import dev.flotilla.urpc.MessageHandler;
import dev.flotilla.urpc.Transport;
import dev.flotilla.urpc.UmpDescriptor;

/**
 * One endpoint of a channel on the simulator ({@link Transport#SIM}): UMP's semantics — rings of N
 * cache-line slots, messages of up to N x 7 words that arrive whole, FIFO, flow control that never
 * overwrites an unread slot, batches, counters — with delivery timed by the machine's cost model.
 *
 * <p>Timing (see {@link CostModel}): sending charges the local core {@code send} per slot, then stalls it
 * for one {@code transfer} (the store miss that takes the slot's line back from the receiver, which read it
 * last time round the ring); the message is visible to the peer once the stall is over, plus any injected
 * jitter, but never before the message sent ahead of it; it rings the peer's doorbell then. Taking a message
 * charges {@code receive} per slot, and the slots become free to the sender one transfer later (the
 * acknowledgement line moving back; UMP piggy-backs it or publishes it on the ack line, and either way
 * one line crosses). An empty poll costs one L1 hit.
 *
 * <p>Core-confined like every channel endpoint; on the simulator every core runs on the one host
 * thread, so no field needs an ordering mode — time does the ordering.
 */
final class SimChannel implements Channel
{
    private final SimPlatform sim;
    private final SimCore local;
    private final SimCore remote;
    private final SimRing tx;
    private final SimRing rx;
    private final long sendPs;
    private final long receivePs;
    private final long l1HitPs;
    private final long transferPs;
    private final ChannelCounters counters = new ChannelCounters();
    private final long[] rxBuffer;

    SimChannel(final SimPlatform sim, final SimCore local, final SimCore remote, final SimRing tx, final SimRing rx)
    {
        this.sim = sim;
        this.local = local;
        this.remote = remote;
        this.tx = tx;
        this.rx = rx;
        final CostModel costs = sim.costs();
        this.sendPs = costs.sendPs();
        this.receivePs = costs.receivePs();
        this.l1HitPs = costs.l1HitPs();
        this.transferPs = costs.transferPs(local.id, remote.id);
        this.rxBuffer = new long[rx.slots * SimRing.SLOT_WORDS];
    }

    @Override
    public boolean trySend(final int type, final long[] payload, final int offset, final int length)
    {
        ChannelChecks.message(type, payload, offset, length, this);
        if (!reserve(SimRing.slotsFor(length)))
        {
            return false;
        }
        write(type, payload, offset, length);
        counters.onSent(1, (long)length * Long.BYTES);
        return true;
    }

    @Override
    public boolean trySend(final int type, final long word)
    {
        ChannelChecks.type(type);
        if (!reserve(1))
        {
            return false;
        }
        final int slot = (int)(tx.written & tx.mask);
        tx.words[slot * SimRing.SLOT_WORDS] = word;
        tx.control[slot] = SimRing.control(type, 1, false);
        publish(1);
        counters.onSent(1, Long.BYTES);
        return true;
    }

    @Override
    public int trySendBatch(final int type, final long[] payload, final int offset, final int wordsPerMessage,
        final int count)
    {
        ChannelChecks.batch(type, payload, offset, wordsPerMessage, count, this);
        final int slotsPerMessage = SimRing.slotsFor(wordsPerMessage);
        int sent = 0;
        while (sent < count && reserve(slotsPerMessage))
        {
            write(type, payload, offset + sent * wordsPerMessage, wordsPerMessage);
            sent++;
        }
        if (sent > 0)
        {
            counters.onSent(sent, (long)sent * wordsPerMessage * Long.BYTES);
        }
        return sent;
    }

    /**
     * True if {@code needed} slots are free as far as this core can know by now: the slots' previous
     * messages were consumed and the acknowledgement has had time to come back.
     */
    private boolean reserve(final int needed)
    {
        final long reused = tx.written + needed - 1 - tx.slots; // the newest earlier slot the message would overwrite
        if (reused < 0 || (reused < tx.consumed && tx.freeAt[(int)(reused & tx.mask)] <= local.now))
        {
            return true;
        }
        counters.onStall();
        return false;
    }

    private void write(final int type, final long[] payload, final int offset, final int length)
    {
        int done = 0;
        int slots = 0;
        long index = tx.written;
        do
        {
            final int words = Math.min(SimRing.SLOT_WORDS, length - done);
            final int slot = (int)(index & tx.mask);
            System.arraycopy(payload, offset + done, tx.words, slot * SimRing.SLOT_WORDS, words);
            done += words;
            tx.control[slot] = SimRing.control(type, words, done < length);
            index++;
            slots++;
        }
        while (done < length);
        publish(slots);
    }

    /**
     * Charges the slots just written, stalls for the store miss that takes their lines back from the
     * receiver, stamps their arrival and rings the peer then.
     *
     * <p>The receiver read these slots' lines when it last polled them (an empty poll reads the very slot
     * the next message goes into), so before the sender's writes land it must own the lines again: a
     * store miss that moves each line from the receiver's cache and stalls the sender for one transfer.
     * The misses of one message's lines overlap (as the transfers did when they were flight time), so a
     * message stalls its sender once, whatever its length. With the line owned, the message is there:
     * the transfer is the sender's busy time, not time in flight, and the one-way latency
     * {@code send + transfer + step + receive} is what it was.
     */
    private void publish(final int slots)
    {
        local.charge(sendPs * slots);
        local.stall(transferPs);
        final long arrival = Math.max(local.now + sim.jitterPs(), tx.lastArrival);
        tx.lastArrival = arrival;
        for (long index = tx.written; index < tx.written + slots; index++)
        {
            tx.arrival[(int)(index & tx.mask)] = arrival;
        }
        tx.written += slots;
        if (sim.ring(remote, arrival))
        {
            counters.onWakeup();
        }
    }

    @Override
    public int poll(final MessageHandler handler, final int limit)
    {
        int delivered = 0;
        while (delivered < limit && rx.consumed < rx.written && rx.arrival[(int)(rx.consumed & rx.mask)] <= local.now)
        {
            long index = rx.consumed;
            int length = 0;
            int control;
            do
            {
                final int slot = (int)(index & rx.mask);
                control = rx.control[slot];
                final int words = SimRing.words(control);
                System.arraycopy(rx.words, slot * SimRing.SLOT_WORDS, rxBuffer, length, words);
                length += words;
                index++;
            }
            while (SimRing.more(control));
            local.charge(receivePs * (index - rx.consumed));
            final long free = local.now + transferPs;
            for (long taken = rx.consumed; taken < index; taken++)
            {
                rx.freeAt[(int)(taken & rx.mask)] = free;
            }
            rx.consumed = index;
            counters.onReceived((long)length * Long.BYTES);
            final int type = SimRing.type(control);
            sim.delivered(local, type, length);
            delivered++;
            handler.onMessage(this, type, rxBuffer, length);
        }
        if (delivered == 0)
        {
            local.charge(l1HitPs);
        }
        return delivered;
    }

    @Override
    public boolean hasPending()
    {
        return rx.consumed < rx.written && rx.arrival[(int)(rx.consumed & rx.mask)] <= local.now;
    }

    @Override
    public int localCore()
    {
        return local.id;
    }

    @Override
    public int remoteCore()
    {
        return remote.id;
    }

    @Override
    public Transport transport()
    {
        return Transport.SIM;
    }

    @Override
    public int ringSlots()
    {
        return tx.slots;
    }

    @Override
    public int maxMessageWords()
    {
        return tx.slots * SimRing.SLOT_WORDS;
    }

    @Override
    public ChannelCounters counters()
    {
        return counters;
    }

    @Override
    public String toString()
    {
        return "SIM " + local.id + "->" + remote.id + " (" + tx.slots + " slots)";
    }
}
