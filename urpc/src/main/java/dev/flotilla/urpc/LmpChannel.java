package dev.flotilla.urpc;

import static dev.flotilla.urpc.UmpDescriptor.PAYLOAD_WORDS;


/**
 * Local message passing: a channel between two endpoints on the same core, with the same API,
 * ring size and flow control as UMP but no shared memory and no ordering cost — both endpoints are
 * touched only by their core's thread (Barrelfish's LMP copies into the receiver's endpoint buffer
 * in the kernel for the same reason).
 *
 * <p>Each direction is a ring of N slots; a slot holds up to seven words, so messages span slots
 * exactly as they do on UMP and a message that fits one transport fits the other.
 */
public final class LmpChannel implements Channel
{
    private static final int SLOT_WORDS = PAYLOAD_WORDS + 1; // payload, then (type | words | more)

    private final int core;
    private final int slots;
    private final int mask;
    private final Ring tx;
    private final Ring rx;
    private final ChannelCounters counters = new ChannelCounters();
    private final long[] rxBuffer;

    /** One direction: written by one endpoint, read by the other; counts only grow. */
    private static final class Ring
    {
        final long[] words;
        long written;
        long consumed;

        Ring(final int slots)
        {
            words = new long[slots * SLOT_WORDS];
        }
    }

    private LmpChannel(final int core, final int slots, final Ring tx, final Ring rx)
    {
        this.core = core;
        this.slots = slots;
        this.mask = slots - 1;
        this.tx = tx;
        this.rx = rx;
        this.rxBuffer = new long[slots * PAYLOAD_WORDS];
    }

    /** Creates both endpoints of a channel on {@code core}: element 0 talks to element 1. */
    public static LmpChannel[] pair(final int core, final int slots)
    {
        UmpDescriptor.checkRingSlots(slots);
        final Ring ab = new Ring(slots);
        final Ring ba = new Ring(slots);
        return new LmpChannel[] {new LmpChannel(core, slots, ab, ba), new LmpChannel(core, slots, ba, ab)};
    }

    @Override
    public boolean trySend(final int type, final long[] payload, final int offset, final int length)
    {
        ChannelChecks.message(type, payload, offset, length, this);
        if (!reserve(UmpDescriptor.slotsFor(length)))
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
        final int base = (int)(tx.written & mask) * SLOT_WORDS;
        tx.words[base] = word;
        tx.words[base + PAYLOAD_WORDS] = control(type, 1, false);
        tx.written++;
        counters.onSent(1, Long.BYTES);
        return true;
    }

    @Override
    public int trySendBatch(final int type, final long[] payload, final int offset, final int wordsPerMessage,
        final int count)
    {
        ChannelChecks.batch(type, payload, offset, wordsPerMessage, count, this);
        final int slotsPerMessage = UmpDescriptor.slotsFor(wordsPerMessage);
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

    private boolean reserve(final int needed)
    {
        if (tx.written + needed - tx.consumed <= slots)
        {
            return true;
        }
        counters.onStall();
        return false;
    }

    private void write(final int type, final long[] payload, final int offset, final int length)
    {
        int done = 0;
        do
        {
            final int words = Math.min(PAYLOAD_WORDS, length - done);
            final int base = (int)(tx.written & mask) * SLOT_WORDS;
            System.arraycopy(payload, offset + done, tx.words, base, words);
            done += words;
            tx.words[base + PAYLOAD_WORDS] = control(type, words, done < length);
            tx.written++;
        }
        while (done < length);
    }

    private static long control(final int type, final int words, final boolean more)
    {
        return ((long)type << 8) | ((long)words << 1) | (more ? 1 : 0);
    }

    @Override
    public int poll(final MessageHandler handler, final int limit)
    {
        int delivered = 0;
        int length = 0;
        long mark = rx.consumed;
        while (delivered < limit && mark < rx.written)
        {
            final int base = (int)(mark & mask) * SLOT_WORDS;
            final long control = rx.words[base + PAYLOAD_WORDS];
            final int words = (int)(control >>> 1) & 0xF;
            System.arraycopy(rx.words, base, rxBuffer, length, words);
            length += words;
            mark++;
            if ((control & 1) == 0)
            {
                rx.consumed = mark; // a message is consumed only when whole, as the sender wrote it at once
                final int whole = length;
                length = 0;
                counters.onReceived((long)whole * Long.BYTES);
                delivered++;
                handler.onMessage(this, (int)(control >>> 8), rxBuffer, whole);
                mark = rx.consumed;
            }
        }
        return delivered;
    }

    @Override
    public boolean hasPending()
    {
        return rx.consumed < rx.written;
    }

    @Override
    public int localCore()
    {
        return core;
    }

    @Override
    public int remoteCore()
    {
        return core;
    }

    @Override
    public Transport transport()
    {
        return Transport.LMP;
    }

    @Override
    public int ringSlots()
    {
        return slots;
    }

    @Override
    public int maxMessageWords()
    {
        return slots * PAYLOAD_WORDS;
    }

    @Override
    public ChannelCounters counters()
    {
        return counters;
    }

    @Override
    public String toString()
    {
        return "LMP on core " + core + " (" + slots + " slots)";
    }
}
