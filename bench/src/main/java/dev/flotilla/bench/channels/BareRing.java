package dev.flotilla.bench.channels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A reference between the floor and UMP: UMP's memory layout with none of its code. One ring of
 * 64-byte slots per direction, seven payload words and a sequence word written last (release),
 * polled by the receiver (acquire), and, as UMP does, a store into the next slot right after each send
 * so that the sender owns that line before it needs it; no header encoding, no acknowledgements, no
 * flow control, no counters, no copies through a buffer. It moves exactly the cache lines UMP moves, so
 * <ul>
 *   <li>floor to bare ring is what one ring per direction costs in hardware (each line is written
 *       by one core and read by the other, instead of one line migrating back and forth), and</li>
 *   <li>bare ring to UMP is what UMP's code costs.</li>
 * </ul>
 * Without flow control it only works with one message in flight, so it runs in the ping-pong only.
 * <pre>
 *   slot i of a ring:  | w0 | w1 | w2 | w3 | w4 | w5 | w6 | seq |   seq = messages sent so far
 * </pre>
 */
final class BareRing
{
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final long SEQ = Message.WORDS * Long.BYTES;

    private BareRing()
    {
    }

    /** Two rings of {@code slots} lines (a power of two) from one shared arena, and their sides. */
    static Link<Endpoint> open(final int slots)
    {
        final Arena arena = Arena.ofShared();
        final MemorySegment ab = arena.allocate(slots * 64L, 64);
        final MemorySegment ba = arena.allocate(slots * 64L, 64);
        return new Link<>(new Side(ab, ba, slots), new Side(ba, ab, slots), arena::close);
    }

    /** Writes one ring, polls the other; precondition: the peer has read every earlier message. */
    static final class Side extends PaddedSide implements Endpoint
    {
        private final MemorySegment out;
        private final MemorySegment in;
        private final long mask;

        Side(final MemorySegment out, final MemorySegment in, final int slots)
        {
            this.out = out;
            this.in = in;
            this.mask = slots - 1;
        }

        @Override
        public boolean offer(final long base)
        {
            final long slot = (sent & mask) * 64;
            for (int i = 0; i < Message.WORDS; i++)
            {
                out.set(ValueLayout.JAVA_LONG, slot + (long)i * Long.BYTES, Message.word(base, i));
            }
            sent++;
            LONG.setRelease(out, slot + SEQ, sent);
            // as UMP does: own the next slot's line before the next send needs it (the peer has read
            // every earlier message, so the slot is free and the store is invisible to it)
            out.set(ValueLayout.JAVA_LONG, (sent & mask) * 64, 0L);
            return true;
        }

        @Override
        public long poll()
        {
            final long slot = (received & mask) * 64;
            if ((long)LONG.getAcquire(in, slot + SEQ) != received + 1)
            {
                return Message.EMPTY;
            }
            received++;
            long sum = 0;
            for (int i = 0; i < Message.WORDS; i++)
            {
                sum += in.get(ValueLayout.JAVA_LONG, slot + (long)i * Long.BYTES);
            }
            return sum;
        }
    }
}
