package dev.flotilla.urpc;

import static dev.flotilla.urpc.UmpDescriptor.HEADER_OFFSET;
import static dev.flotilla.urpc.UmpDescriptor.PAYLOAD_WORDS;
import static dev.flotilla.urpc.UmpDescriptor.SLOT_BYTES;

import dev.flotilla.platform.CoreWakeup;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * One endpoint of a UMP channel: cache-line messages over a shared frame laid out by
 * {@link UmpDescriptor}.
 *
 * <p>Flow control (the sender never overwrites an unread slot): the sender counts the slots it
 * wrote ({@code sentSlots}) and the slots it knows the receiver consumed ({@code peerConsumed});
 * it writes only while {@code sentSlots - peerConsumed < N}. It learns consumption two ways:
 * <ol>
 *   <li>piggy-backed: every message the peer sends carries, in its header, how many slots of this
 *       ring the peer had consumed — free in request/reply traffic;</li>
 *   <li>explicit: a receiver that consumed half a ring without sending anything back publishes its
 *       count on its acknowledgement line (release), which the sender reads (acquire) only when it
 *       runs out of credit.</li>
 * </ol>
 * Unlike Barrelfish's explicit ACK <em>messages</em>, the acknowledgement line never needs a free slot,
 * so two endpoints with both rings full cannot deadlock; and it is written only by the receiver, so
 * no line is written from both cores. Invariant: {@code 0 <= sentSlots - peerConsumed <= N}.
 *
 * <p>Not thread-safe: an endpoint belongs to one core. {@link #counters()} is readable anywhere.
 */
public final class UmpChannel implements Channel
{
    /** Header words and acknowledgement lines: aligned, for their acquire and release accesses. */
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    /**
     * Payload words, accessed plainly. Every payload offset is a multiple of 8 in a 64-byte-aligned
     * frame (checked once, in the constructor), so the aligned layout's per-access alignment check
     * would only repeat that; the unaligned layout skips it, which halves the cost of a message.
     */
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    private final MemorySegment frame;
    private final int localCore;
    private final int remoteCore;
    private final int slots;
    private final long mask;
    private final long txRing;
    private final long rxRing;
    private final long txAckLine; // the peer writes it: how much of our tx ring it consumed
    private final long rxAckLine; // we write it: how much of the peer's ring we consumed
    private final CoreWakeup peerWakeup;
    private final ChannelCounters counters = new ChannelCounters();
    private final long[] rxBuffer;

    private long sentSlots;
    private long peerConsumed;
    private long consumedSlots;
    private long consumedAcked;
    // The message found by the last successful scan(): it starts at consumedSlots.
    private int scannedSlots;
    private int scannedLength;
    private int scannedType;
    private final RingView view = new RingView();

    /**
     * @param frame      the shared frame, {@link UmpDescriptor#frameBytes(int)} bytes, zeroed before
     *                   either endpoint used it.
     * @param slots      slots per ring.
     * @param creator    true for endpoint A (the creator), false for B.
     * @param localCore  this endpoint's core.
     * @param remoteCore the peer's core.
     * @param peerWakeup the doorbell of the peer's core.
     */
    public UmpChannel(final MemorySegment frame, final int slots, final boolean creator, final int localCore,
        final int remoteCore, final CoreWakeup peerWakeup)
    {
        UmpDescriptor.checkRingSlots(slots);
        if (frame.byteSize() < UmpDescriptor.frameBytes(slots))
        {
            throw new IllegalArgumentException("frame of " + frame.byteSize() + " bytes is too small for "
                + slots + " slots per ring; needs " + UmpDescriptor.frameBytes(slots));
        }
        if (frame.address() % SLOT_BYTES != 0)
        {
            throw new IllegalArgumentException("frame must be cache-line aligned");
        }
        this.frame = frame;
        this.slots = slots;
        this.mask = slots - 1;
        this.localCore = localCore;
        this.remoteCore = remoteCore;
        this.peerWakeup = Objects.requireNonNull(peerWakeup, "peerWakeup");
        this.txRing = UmpDescriptor.ringOffset(slots, creator);
        this.rxRing = UmpDescriptor.ringOffset(slots, !creator);
        this.txAckLine = UmpDescriptor.ackLineOffset(slots, creator);
        this.rxAckLine = UmpDescriptor.ackLineOffset(slots, !creator);
        this.rxBuffer = new long[slots * PAYLOAD_WORDS];
    }

    @Override
    public boolean trySend(final int type, final long[] payload, final int offset, final int length)
    {
        if (length == PAYLOAD_WORDS && offset >= 0 && offset <= payload.length - PAYLOAD_WORDS)
        {
            // the common case, one full line: straight-line stores instead of a loop
            return trySend(type, payload[offset], payload[offset + 1], payload[offset + 2], payload[offset + 3],
                payload[offset + 4], payload[offset + 5], payload[offset + 6]);
        }
        ChannelChecks.message(type, payload, offset, length, this);
        if (!reserve(UmpDescriptor.slotsFor(length)))
        {
            return false;
        }
        writeMessage(type, payload, offset, length);
        counters.onSent(1, (long)length * Long.BYTES);
        ring();
        claimNextSlot();
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
        final long slot = txRing + (sentSlots & mask) * SLOT_BYTES;
        frame.set(WORD, slot, word);
        publish(slot, type, 1, false);
        counters.onSent(1, Long.BYTES);
        ring();
        claimNextSlot();
        return true;
    }

    @Override
    public boolean trySend(final int type, final long w0, final long w1, final long w2, final long w3, final long w4,
        final long w5, final long w6)
    {
        ChannelChecks.type(type);
        if (!reserve(1))
        {
            return false;
        }
        final long slot = txRing + (sentSlots & mask) * SLOT_BYTES;
        // plain stores: the release store of the header publishes them
        frame.set(WORD, slot, w0);
        frame.set(WORD, slot + 8, w1);
        frame.set(WORD, slot + 16, w2);
        frame.set(WORD, slot + 24, w3);
        frame.set(WORD, slot + 32, w4);
        frame.set(WORD, slot + 40, w5);
        frame.set(WORD, slot + 48, w6);
        publish(slot, type, PAYLOAD_WORDS, false);
        counters.onSent(1, PAYLOAD_WORDS * Long.BYTES);
        ring();
        claimNextSlot();
        return true;
    }

    @Override
    public int trySendBatch(final int type, final long[] payload, final int offset, final int wordsPerMessage,
        final int count)
    {
        ChannelChecks.batch(type, payload, offset, wordsPerMessage, count, this);
        final int slotsPerMessage = UmpDescriptor.slotsFor(wordsPerMessage);
        if (count == 0 || !reserve(slotsPerMessage))
        {
            return 0;
        }
        final int sent = (int)Math.min(count, (slots - (sentSlots - peerConsumed)) / slotsPerMessage);
        writeBackToFront(type, payload, offset, wordsPerMessage, slotsPerMessage, sent);
        if (sent > 0)
        {
            counters.onSent(sent, (long)sent * wordsPerMessage * Long.BYTES);
            ring();
        }
        return sent;
    }

    /**
     * Takes the line of the next slot into this core's cache for writing, now, while the peer is busy
     * with the message just sent, so that the next send finds it owned instead of fetching it on the
     * critical path. The slot is free (the peer consumed what it held and will read it again only after
     * a header with the next sequence), so a store to its first payload word is invisible to the peer;
     * the line still moves to the peer when it polls the header, but then the next send only upgrades
     * a shared line instead of fetching it — the same traffic as a single line handed back and forth.
     */
    private void claimNextSlot()
    {
        if (sentSlots + 1 - peerConsumed <= slots)
        {
            frame.set(WORD, txRing + (sentSlots & mask) * SLOT_BYTES, 0L);
        }
    }

    /** True if {@code needed} slots are free, refreshing credit from the acknowledgement line if not. */
    private boolean reserve(final int needed)
    {
        if (sentSlots + needed - peerConsumed <= slots)
        {
            return true;
        }
        final long acked = (long)LONG.getAcquire(frame, txAckLine);
        if (acked > peerConsumed)
        {
            peerConsumed = acked;
        }
        if (sentSlots + needed - peerConsumed <= slots)
        {
            return true;
        }
        counters.onStall();
        return false;
    }

    /**
     * Writes a batch of reserved slots from the last to the first, each header after its payload. The
     * receiver takes slots strictly in order, so it sees none of the batch until the first header is
     * written — by then every later line is complete, and a receiver that has caught up cannot pull a
     * line away from the sender while the sender is still filling it.
     */
    private void writeBackToFront(final int type, final long[] payload, final int offset, final int wordsPerMessage,
        final int slotsPerMessage, final int messages)
    {
        final long base = sentSlots;
        for (int m = messages - 1; m >= 0; m--)
        {
            final int from = offset + m * wordsPerMessage;
            final long first = base + (long)m * slotsPerMessage;
            for (int fragment = slotsPerMessage - 1; fragment >= 0; fragment--)
            {
                final long slot = txRing + ((first + fragment) & mask) * SLOT_BYTES;
                final int start = fragment * PAYLOAD_WORDS;
                final int words = Math.min(PAYLOAD_WORDS, wordsPerMessage - start);
                writeSlot(slot, payload, from + start, words);
                LONG.setRelease(frame, slot + HEADER_OFFSET, UmpDescriptor.header(first + fragment + 1, consumedSlots,
                    type, words, fragment < slotsPerMessage - 1));
            }
        }
        sentSlots = base + (long)messages * slotsPerMessage;
        consumedAcked = consumedSlots; // every header carried our acknowledgement
    }

    /** Plain stores of one slot's payload words; a full line is written straight, without a loop. */
    private void writeSlot(final long slot, final long[] payload, final int from, final int words)
    {
        if (words == PAYLOAD_WORDS)
        {
            frame.set(WORD, slot, payload[from]);
            frame.set(WORD, slot + 8, payload[from + 1]);
            frame.set(WORD, slot + 16, payload[from + 2]);
            frame.set(WORD, slot + 24, payload[from + 3]);
            frame.set(WORD, slot + 32, payload[from + 4]);
            frame.set(WORD, slot + 40, payload[from + 5]);
            frame.set(WORD, slot + 48, payload[from + 6]);
            return;
        }
        for (int i = 0; i < words; i++)
        {
            frame.set(WORD, slot + (long)i * Long.BYTES, payload[from + i]);
        }
    }

    /** Writes a message whose slots were reserved, one slot at a time, each header last. */
    private void writeMessage(final int type, final long[] payload, final int offset, final int length)
    {
        int done = 0;
        do
        {
            final int words = Math.min(PAYLOAD_WORDS, length - done);
            final long slot = txRing + (sentSlots & mask) * SLOT_BYTES;
            writeSlot(slot, payload, offset + done, words);
            done += words;
            publish(slot, type, words, done < length);
        }
        while (done < length);
    }

    /** Release-stores the header of the slot at {@code slot}: the slot's payload becomes visible with it. */
    private void publish(final long slot, final int type, final int words, final boolean more)
    {
        sentSlots++;
        LONG.setRelease(frame, slot + HEADER_OFFSET, UmpDescriptor.header(sentSlots, consumedSlots, type, words, more));
        consumedAcked = consumedSlots; // the header just carried our acknowledgement
    }

    private void ring()
    {
        if (peerWakeup.wake())
        {
            counters.onWakeup();
        }
    }

    @Override
    public int poll(final MessageHandler handler, final int limit)
    {
        int delivered = 0;
        long words = 0;
        while (delivered < limit && scan())
        {
            if (scannedLength == PAYLOAD_WORDS)
            {
                copyLine(rxSlot(consumedSlots));
            }
            else
            {
                copyMessage();
            }
            final int length = scannedLength;
            consumedSlots += scannedSlots;
            delivered++;
            words += length;
            handler.onMessage(this, scannedType, rxBuffer, length);
        }
        received(delivered, words);
        return delivered;
    }

    @Override
    public int read(final MessageReader reader, final int limit)
    {
        int delivered = 0;
        long words = 0;
        while (delivered < limit && scan())
        {
            final long first = consumedSlots;
            if (scannedSlots == 1)
            {
                // one line: seven straight-line reads into the buffer share their segment checks, which
                // per-word reads through the view cannot (measured: the copy is the faster path)
                copyLine(rxSlot(first));
                view.copied(scannedLength);
            }
            else
            {
                view.at(first, scannedLength);
            }
            words += scannedLength;
            final int slotsTaken = scannedSlots;
            // The reader reads the ring in place, so the slots are consumed — and may be acknowledged,
            // even by a reply the reader sends — only after it returns.
            reader.onMessage(this, scannedType, view);
            view.clear();
            consumedSlots = first + slotsTaken;
            delivered++;
        }
        received(delivered, words);
        return delivered;
    }

    /** Counts what one receive call delivered (once per call, not per message) and acknowledges if due. */
    private void received(final int messages, final long words)
    {
        if (messages > 0)
        {
            counters.onReceived(messages, words * Long.BYTES);
            acknowledgeIfDue();
        }
    }

    /** Copies the one full line at {@code slot} into the receive buffer, unrolled. */
    private void copyLine(final long slot)
    {
        rxBuffer[0] = frame.get(WORD, slot);
        rxBuffer[1] = frame.get(WORD, slot + 8);
        rxBuffer[2] = frame.get(WORD, slot + 16);
        rxBuffer[3] = frame.get(WORD, slot + 24);
        rxBuffer[4] = frame.get(WORD, slot + 32);
        rxBuffer[5] = frame.get(WORD, slot + 40);
        rxBuffer[6] = frame.get(WORD, slot + 48);
    }

    /** Copies the scanned message, slot by slot, into the receive buffer. */
    private void copyMessage()
    {
        for (int s = 0; s < scannedSlots; s++)
        {
            copyWords(rxSlot(consumedSlots + s), s * PAYLOAD_WORDS, Math.min(PAYLOAD_WORDS,
                scannedLength - s * PAYLOAD_WORDS));
        }
    }

    /** Copies the first {@code words} words of the slot at {@code slot} to the receive buffer at {@code to}. */
    private void copyWords(final long slot, final int to, final int words)
    {
        for (int i = 0; i < words; i++)
        {
            rxBuffer[to + i] = frame.get(WORD, slot + (long)i * Long.BYTES);
        }
    }

    /**
     * True if a whole message waits at {@code consumedSlots} (every slot of it published); records its
     * extent without consuming it, and learns the acknowledgement its last slot carries.
     */
    private boolean scan()
    {
        long seq = consumedSlots;
        int length = 0;
        while (true)
        {
            final long header = (long)LONG.getAcquire(frame, rxSlot(seq) + HEADER_OFFSET);
            if (UmpDescriptor.seq(header) != ((seq + 1) & UmpDescriptor.SEQ_MASK))
            {
                return false;
            }
            length += UmpDescriptor.words(header);
            if (!UmpDescriptor.more(header))
            {
                scannedSlots = (int)(seq - consumedSlots + 1);
                scannedLength = length;
                scannedType = UmpDescriptor.type(header);
                learnAck(UmpDescriptor.ack(header));
                return true;
            }
            seq++;
        }
    }

    /** Publishes our consumption on the acknowledgement line once half a ring went unacknowledged. */
    private void acknowledgeIfDue()
    {
        if (consumedSlots - consumedAcked >= slots / 2)
        {
            LONG.setRelease(frame, rxAckLine, consumedSlots);
            consumedAcked = consumedSlots;
        }
    }

    private long rxSlot(final long seq)
    {
        return rxRing + (seq & mask) * SLOT_BYTES;
    }

    /**
     * The view {@link #read} passes: a one-line message from the receive buffer it was copied into, a
     * longer one read in place from the ring, starting at slot {@code first}. Outside a reader call its
     * length is 0, so every index fails the one bounds check.
     */
    private final class RingView implements MessageView
    {
        private long first = -1;
        private boolean copied;
        private int length;

        void copied(final int words)
        {
            copied = true;
            length = words;
        }

        void at(final long firstSlot, final int words)
        {
            copied = false;
            first = firstSlot;
            length = words;
        }

        void clear()
        {
            copied = false;
            first = -1;
            length = 0;
        }

        @Override
        public int length()
        {
            return length;
        }

        @Override
        public long word(final int index)
        {
            if (index < 0 || index >= length)
            {
                throw new IndexOutOfBoundsException(!copied && first < 0
                    ? "a message view is valid only inside its reader call"
                    : "word " + index + " of a message of " + length + " words");
            }
            if (copied)
            {
                return rxBuffer[index];
            }
            return frame.get(WORD, rxSlot(first + index / PAYLOAD_WORDS) + (long)(index % PAYLOAD_WORDS) * Long.BYTES);
        }
    }

    /** Widens a 16-bit piggy-backed acknowledgement: it lies in [peerConsumed, sentSlots], a window of N + 1. */
    private void learnAck(final long ack16)
    {
        final long consumed = sentSlots - ((sentSlots - ack16) & UmpDescriptor.ACK_MASK);
        if (consumed > peerConsumed)
        {
            peerConsumed = consumed;
        }
    }

    @Override
    public boolean hasPending()
    {
        final long slot = rxRing + (consumedSlots & mask) * SLOT_BYTES;
        final long header = (long)LONG.getAcquire(frame, slot + HEADER_OFFSET);
        return UmpDescriptor.seq(header) == ((consumedSlots + 1) & UmpDescriptor.SEQ_MASK);
    }

    @Override
    public int localCore()
    {
        return localCore;
    }

    @Override
    public int remoteCore()
    {
        return remoteCore;
    }

    @Override
    public Transport transport()
    {
        return Transport.UMP;
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

    /** The shared frame's address, which names this channel to the peer core. */
    public long frameAddress()
    {
        return frame.address();
    }

    @Override
    public String toString()
    {
        return "UMP " + localCore + "->" + remoteCore + " (" + slots + " slots)";
    }
}
