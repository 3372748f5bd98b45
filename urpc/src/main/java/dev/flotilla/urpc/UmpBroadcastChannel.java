package dev.flotilla.urpc;

import static dev.flotilla.urpc.BroadcastDescriptor.HEADER_OFFSET;
import static dev.flotilla.urpc.BroadcastDescriptor.PAYLOAD_WORDS;

import dev.flotilla.platform.CoreWakeup;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * The writer's end of a broadcast channel in shared memory, laid out by {@link BroadcastDescriptor}.
 *
 * <pre>
 *   writer                                       reader r (each of R)
 *   reserve: sent + k - minPosition &lt;= N ?
 *     else getAcquire every position line
 *   plain stores of w0..w6, then
 *   setRelease(header: seq = sent + 1) ──────▶   getAcquire(header) == consumed + 1 ? plain loads of w0..w6
 *   wake every reader's doorbell                 consumed += k; every N/2 slots:
 *                                     ◀──────    setRelease(position line r, consumed)
 * </pre>
 * Invariant: {@code 0 <= sent - position(r) <= N} for every reader r; {@code minPosition} (the writer's cached
 * least position) never passes any reader's real position, so no slot is rewritten before every reader took it.
 *
 * <p>Not thread-safe: the writer belongs to one core.
 */
public final class UmpBroadcastChannel implements BroadcastChannel
{
    /** Headers and position lines: aligned, for their acquire and release accesses. */
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    /** Payload words, plain; every offset is a multiple of 8 in a line-aligned frame (checked once). */
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    private final MemorySegment frame;
    private final int localCore;
    private final int[] readerCores;
    private final CoreWakeup[] wakeups;
    private final int slots;
    private final ChannelCounters counters = new ChannelCounters();
    /** Slots written; only this core writes or reads it. */
    private long sent;
    /** The least reader position last read from the position lines; at most every reader's real one. */
    private long minPosition;

    /**
     * @param frame       {@link BroadcastDescriptor#frameBytes} bytes, line-aligned, zeroed before anyone used it.
     * @param slots       slots in the ring.
     * @param localCore   the writer's core.
     * @param readerCores reader i's core at index i.
     * @param wakeups     reader i's doorbell at index i.
     */
    public UmpBroadcastChannel(final MemorySegment frame, final int slots, final int localCore, final int[] readerCores,
        final CoreWakeup[] wakeups)
    {
        final long bytes = BroadcastDescriptor.frameBytes(slots, readerCores.length);
        if (frame.byteSize() < bytes)
        {
            throw new IllegalArgumentException("frame of " + frame.byteSize() + " bytes is too small for " + slots
                + " slots and " + readerCores.length + " readers; needs " + bytes);
        }
        if (frame.address() % BroadcastDescriptor.SLOT_BYTES != 0)
        {
            throw new IllegalArgumentException("frame must be cache-line aligned");
        }
        if (wakeups.length != readerCores.length)
        {
            throw new IllegalArgumentException(readerCores.length + " readers but " + wakeups.length + " doorbells");
        }
        this.frame = frame;
        this.slots = slots;
        this.localCore = localCore;
        this.readerCores = readerCores.clone();
        this.wakeups = wakeups.clone();
        for (final CoreWakeup wakeup : this.wakeups)
        {
            Objects.requireNonNull(wakeup, "wakeup");
        }
    }

    @Override
    public boolean trySend(final int type, final long[] payload, final int offset, final int length)
    {
        ChannelChecks.type(type);
        Objects.checkFromIndexSize(offset, length, payload.length);
        if (length > maxMessageWords())
        {
            throw new IllegalArgumentException("message of " + length + " words does not fit a broadcast ring of "
                + slots + " slots; at most " + maxMessageWords() + " words");
        }
        final int needed = UmpDescriptor.slotsFor(length);
        if (!reserve(needed))
        {
            return false;
        }
        int done = 0;
        do
        {
            final int words = Math.min(PAYLOAD_WORDS, length - done);
            final long slot = BroadcastDescriptor.slotOffset(slots, sent);
            for (int i = 0; i < words; i++)
            {
                frame.set(WORD, slot + (long)i * Long.BYTES, payload[offset + done + i]); // published by the header
            }
            done += words;
            sent++;
            LONG.setRelease(frame, slot + HEADER_OFFSET, BroadcastDescriptor.header(sent, type, words, done < length));
        }
        while (done < length);
        counters.onSent(1, (long)length * Long.BYTES);
        for (final CoreWakeup wakeup : wakeups)
        {
            if (wakeup.wake())
            {
                counters.onWakeup();
            }
        }
        return true;
    }

    /** True if {@code needed} slots are free for every reader, reading the position lines only when short. */
    private boolean reserve(final int needed)
    {
        if (sent + needed - minPosition <= slots)
        {
            return true;
        }
        long least = Long.MAX_VALUE;
        for (int reader = 0; reader < readerCores.length; reader++)
        {
            least = Math.min(least, (long)LONG.getAcquire(frame, BroadcastDescriptor.positionOffset(slots, reader)));
        }
        minPosition = Math.max(minPosition, least);
        if (sent + needed - minPosition <= slots)
        {
            return true;
        }
        counters.onStall();
        return false;
    }

    @Override
    public int localCore()
    {
        return localCore;
    }

    @Override
    public int readers()
    {
        return readerCores.length;
    }

    @Override
    public int readerCore(final int index)
    {
        return readerCores[index];
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
    public BroadcastAddress address()
    {
        return new BroadcastAddress(Transport.UMP, frame.address(), slots, readerCores.length, localCore);
    }

    @Override
    public ChannelCounters counters()
    {
        return counters;
    }

    @Override
    public String toString()
    {
        return "UMP broadcast " + localCore + "->" + readerCores.length + " readers (" + slots + " slots)";
    }
}
