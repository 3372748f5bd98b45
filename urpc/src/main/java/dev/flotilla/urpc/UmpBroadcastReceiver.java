package dev.flotilla.urpc;

import static dev.flotilla.urpc.BroadcastDescriptor.HEADER_OFFSET;
import static dev.flotilla.urpc.BroadcastDescriptor.PAYLOAD_WORDS;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One reader's end of a broadcast channel in shared memory ({@link BroadcastDescriptor}; the message sequence is
 * in {@link UmpBroadcastChannel}). It polls the header of the slot after the last it consumed (acquire), copies
 * a whole message out, and publishes how far it got on its own position line (release) once half a ring went
 * unpublished or when a poll finds it caught up — the only line it ever writes, and the only one of it the writer
 * reads.
 *
 * <p>Not thread-safe: a reader belongs to one core.
 */
public final class UmpBroadcastReceiver implements BroadcastReceiver
{
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    private final MemorySegment frame;
    private final int localCore;
    private final int writerCore;
    private final int index;
    private final int slots;
    private final long positionLine;
    private final long[] buffer;
    private final ChannelCounters counters = new ChannelCounters();
    /** Slots this reader consumed; only this core writes or reads it. */
    private long consumed;
    /** The last count stored to the position line. */
    private long published;
    /** The type of the message {@link #take} last took. */
    private int lastType;

    /**
     * @param frame      the writer's frame ({@link BroadcastDescriptor#frameBytes}).
     * @param slots      slots in the ring.
     * @param readers    readers sharing it.
     * @param index      this reader's index, 0..readers-1: its position line.
     * @param localCore  this reader's core.
     * @param writerCore the writer's core.
     */
    public UmpBroadcastReceiver(final MemorySegment frame, final int slots, final int readers, final int index,
        final int localCore, final int writerCore)
    {
        final long bytes = BroadcastDescriptor.frameBytes(slots, readers);
        if (frame.byteSize() < bytes || frame.address() % BroadcastDescriptor.SLOT_BYTES != 0)
        {
            throw new IllegalArgumentException("a broadcast frame of " + slots + " slots and " + readers
                + " readers needs " + bytes + " line-aligned bytes; got " + frame.byteSize() + " at " + frame.address());
        }
        if (index < 0 || index >= readers)
        {
            throw new IllegalArgumentException("reader index " + index + " of a channel of " + readers + " readers");
        }
        this.frame = frame;
        this.slots = slots;
        this.index = index;
        this.localCore = localCore;
        this.writerCore = writerCore;
        this.positionLine = BroadcastDescriptor.positionOffset(slots, index);
        this.buffer = new long[slots * PAYLOAD_WORDS];
    }

    @Override
    public int poll(final BroadcastHandler handler, final int limit)
    {
        int delivered = 0;
        while (delivered < limit)
        {
            final int length = take();
            if (length < 0)
            {
                break;
            }
            delivered++;
            counters.onReceived(1, (long)length * Long.BYTES);
            handler.onMessage(this, lastType, buffer, length);
        }
        // publish once half a ring went unpublished, or once caught up (so a writer short of room for a long
        // message always learns, in the end, that this reader took everything)
        if (consumed - published >= slots / 2 || delivered == 0 && consumed != published)
        {
            LONG.setRelease(frame, positionLine, consumed); // every load of the slots above came before it
            published = consumed;
        }
        return delivered;
    }

    /** Copies the whole message at {@code consumed} into the buffer and consumes it; -1 if none is whole yet. */
    private int take()
    {
        long seq = consumed;
        int length = 0;
        while (true)
        {
            final long slot = BroadcastDescriptor.slotOffset(slots, seq);
            final long header = (long)LONG.getAcquire(frame, slot + HEADER_OFFSET);
            if (BroadcastDescriptor.seq(header) != (seq + 1 & BroadcastDescriptor.SEQ_MASK))
            {
                return -1; // nothing new, or a message still being written: take none of it
            }
            final int words = BroadcastDescriptor.words(header);
            for (int i = 0; i < words; i++)
            {
                buffer[length + i] = frame.get(WORD, slot + (long)i * Long.BYTES);
            }
            length += words;
            seq++;
            if (!BroadcastDescriptor.more(header))
            {
                lastType = BroadcastDescriptor.type(header);
                consumed = seq;
                return length;
            }
        }
    }

    @Override
    public boolean hasPending()
    {
        final long header = (long)LONG.getAcquire(frame, BroadcastDescriptor.slotOffset(slots, consumed) + HEADER_OFFSET);
        return BroadcastDescriptor.seq(header) == (consumed + 1 & BroadcastDescriptor.SEQ_MASK);
    }

    @Override
    public int localCore()
    {
        return localCore;
    }

    @Override
    public int writerCore()
    {
        return writerCore;
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
        return "UMP broadcast reader " + index + " on core " + localCore + " of core " + writerCore;
    }
}
