package dev.flotilla.bench.channels;

import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A pair of Agrona {@code OneToOneRingBuffer}s as a link under test, one each way, over off-heap
 * buffers aligned to a cache line. A record is Agrona's 8-byte header and the 56-byte payload:
 * exactly one line, like a UMP slot. Sending claims the record and writes the words in place
 * ({@code tryClaim}/{@code commit}, Agrona's zero-copy path); receiving is {@code read} with a
 * limit, whose handler reads the words in place.
 */
final class AgronaLink
{
    private static final int RECORD_BYTES = 64;

    private AgronaLink()
    {
    }

    /** Two rings of {@code capacity} one-line records each, and their sides. */
    static Link<StreamEndpoint> open(final int capacity)
    {
        final OneToOneRingBuffer ab = ring(capacity);
        final OneToOneRingBuffer ba = ring(capacity);
        return new Link<>(new Side(ab, ba), new Side(ba, ab), () -> { });
    }

    private static OneToOneRingBuffer ring(final int capacity)
    {
        final int bytes = capacity * RECORD_BYTES + RingBufferDescriptor.TRAILER_LENGTH;
        return new OneToOneRingBuffer(new UnsafeBuffer(BufferUtil.allocateDirectAligned(bytes, RECORD_BYTES)));
    }

    /** One side: claims records on one ring, reads the other. */
    static final class Side extends PaddedSide implements StreamEndpoint
    {
        private final OneToOneRingBuffer out;
        private final AtomicBuffer outBuffer;
        private final OneToOneRingBuffer in;
        private final MessageHandler take = (type, buffer, index, length) ->
        {
            checksum = read(buffer, index);
            received++;
        };
        private final MessageHandler folder = (type, buffer, index, length) ->
        {
            fold = Message.fold(fold, read(buffer, index));
            received++;
        };

        Side(final OneToOneRingBuffer out, final OneToOneRingBuffer in)
        {
            this.out = out;
            this.outBuffer = out.buffer();
            this.in = in;
        }

        @Override
        public boolean offer(final long base)
        {
            final int index = out.tryClaim(UmpLink.TYPE, Message.BYTES);
            if (index < 0)
            {
                return false;
            }
            for (int i = 0; i < Message.WORDS; i++)
            {
                outBuffer.putLong(index + i * Long.BYTES, Message.word(base, i));
            }
            out.commit(index);
            sent++;
            return true;
        }

        @Override
        public long poll()
        {
            checksum = Message.EMPTY;
            in.read(take, 1);
            return checksum;
        }

        @Override
        public int offerBatch(final long firstBase, final int count)
        {
            int done = 0;
            while (done < count && offer(firstBase + done))
            {
                done++;
            }
            return done;
        }

        @Override
        public int drain(final int limit)
        {
            return in.read(folder, limit);
        }

        @Override
        public long fold()
        {
            return fold;
        }

        private static long read(final MutableDirectBuffer buffer, final int index)
        {
            long sum = 0;
            for (int i = 0; i < Message.WORDS; i++)
            {
                sum += buffer.getLong(index + i * Long.BYTES);
            }
            return sum;
        }
    }
}
