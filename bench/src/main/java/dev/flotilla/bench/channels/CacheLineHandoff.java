package dev.flotilla.bench.channels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The physical floor: two threads hand one cache line back and forth. No ring, no index, no header
 * encoding, no flow control; just the seven payload words and a turn word, which is all a cross-core
 * message must move. Any channel's round trip is this plus what its protocol and code add.
 * <pre>
 *    0       8       16      24      32      40      48      56      64
 *   +-------+-------+-------+-------+-------+-------+-------+-------+
 *   | w0    | w1    | w2    | w3    | w4    | w5    | w6    | turn  |
 *   +-------+-------+-------+-------+-------+-------+-------+-------+
 * </pre>
 * {@code turn} counts hand-overs: side A writes the odd values, side B the even ones. A side has
 * seen or written hand-over {@code t = sent + received} last, and owns the line when it reads
 * {@code t + 1}. Writer: whichever side owns
 * the line writes the words (plain), then {@code turn} (release). Reader: the other side reads
 * {@code turn} (acquire) and, on {@code t + 1}, the words (plain). Only the owner writes, so the words
 * never tear; strict alternation is the caller's duty (the ping-pong guarantees it).
 *
 * <p>The line lives in a shared arena's segment, as a UMP frame does, so both pay the same
 * bounds and liveness checks; the line is alone on its 128 bytes, away from any other data.
 */
final class CacheLineHandoff
{
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final long TURN = Message.WORDS * Long.BYTES;

    private CacheLineHandoff()
    {
    }

    /** A fresh line and its two sides. */
    static Link<Endpoint> open()
    {
        final Arena arena = Arena.ofShared();
        final MemorySegment line = arena.allocate(128, 128);
        return new Link<>(new Side(line), new Side(line), arena::close);
    }

    /** One thread's view of the line. */
    static final class Side extends PaddedSide implements Endpoint
    {
        private final MemorySegment line;

        Side(final MemorySegment line)
        {
            this.line = line;
        }

        @Override
        public boolean offer(final long base)
        {
            for (int i = 0; i < Message.WORDS; i++)
            {
                line.set(ValueLayout.JAVA_LONG, (long)i * Long.BYTES, Message.word(base, i));
            }
            sent++;
            LONG.setRelease(line, TURN, sent + received);
            return true;
        }

        @Override
        public long poll()
        {
            if ((long)LONG.getAcquire(line, TURN) != sent + received + 1)
            {
                return Message.EMPTY;
            }
            received++;
            long sum = 0;
            for (int i = 0; i < Message.WORDS; i++)
            {
                sum += line.get(ValueLayout.JAVA_LONG, (long)i * Long.BYTES);
            }
            return sum;
        }
    }
}
