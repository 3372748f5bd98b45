package dev.flotilla.bench.channels;

import dev.flotilla.platform.CoreWakeup;
import dev.flotilla.urpc.MessageHandler;
import dev.flotilla.urpc.MessageReader;
import dev.flotilla.urpc.MessageView;
import dev.flotilla.urpc.UmpChannel;
import dev.flotilla.urpc.UmpDescriptor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Flotilla's UMP channel as a link under test: one frame from a shared arena (as the native
 * platform's shared memory hands out), endpoint A on the pinger's core 0, endpoint B on the
 * echoer's core 1. Two ways to drive it:
 * <ul>
 *   <li>{@link InPlace}, UMP's fastest path: a single message goes from arguments straight into its
 *       slot ({@code trySend} of seven words) and every message is read in place ({@code read} with
 *       a {@link MessageReader} summing the view's words);</li>
 *   <li>{@link Copying}, the array API: {@code trySend} from a {@code long[]} copies it into the
 *       slot, {@code poll} copies the slot into the channel's buffer for the {@link MessageHandler}.</li>
 * </ul>
 * Both send a batch with {@code trySendBatch}, UMP's only batch send, from an array the side fills.
 */
final class UmpLink
{
    /** The message type every benchmark message carries. */
    static final int TYPE = 1;

    private UmpLink()
    {
    }

    /**
     * @param slots        slots per ring.
     * @param wakeupCheck  true to give each endpoint a {@link WakeupCheck} as its peer's doorbell,
     *                     false for {@link CoreWakeup#NONE} (a receiver that busy-polls and never parks).
     * @param inPlace      true for {@link InPlace} sides, false for {@link Copying} ones.
     */
    static Link<StreamEndpoint> open(final int slots, final boolean wakeupCheck, final boolean inPlace)
    {
        final Arena arena = Arena.ofShared();
        final MemorySegment frame = arena.allocate(UmpDescriptor.frameBytes(slots), UmpDescriptor.SLOT_BYTES);
        final CoreWakeup core0 = wakeupCheck ? new WakeupCheck() : CoreWakeup.NONE;
        final CoreWakeup core1 = wakeupCheck ? new WakeupCheck() : CoreWakeup.NONE;
        final UmpChannel a = new UmpChannel(frame, slots, true, 0, 1, core1);
        final UmpChannel b = new UmpChannel(frame, slots, false, 1, 0, core0);
        return inPlace ? new Link<>(new InPlace(a, slots), new InPlace(b, slots), arena::close)
            : new Link<>(new Copying(a, slots), new Copying(b, slots), arena::close);
    }

    /** One endpoint and the array its thread sends batches from. */
    abstract static sealed class Side extends PaddedSide implements StreamEndpoint permits InPlace, Copying
    {
        final UmpChannel channel;
        /** The words to send: filled by this side, then copied into the ring. */
        final long[] out;
        private final int maxBatch;

        Side(final UmpChannel channel, final int slots)
        {
            this.channel = channel;
            this.maxBatch = slots;
            this.out = new long[slots * Message.WORDS];
        }

        @Override
        public final int offerBatch(final long firstBase, final int count)
        {
            final int n = Math.min(count, maxBatch);
            for (int m = 0; m < n; m++)
            {
                for (int i = 0; i < Message.WORDS; i++)
                {
                    out[m * Message.WORDS + i] = Message.word(firstBase + m, i);
                }
            }
            return channel.trySendBatch(TYPE, out, 0, Message.WORDS, n);
        }

        @Override
        public final long fold()
        {
            return fold;
        }
    }

    /** Sends from arguments and reads in place: no copy on either side. */
    static final class InPlace extends Side
    {
        private final MessageReader take = (ch, type, message) ->
        {
            checksum = sum(message);
            received++;
        };
        private final MessageReader folder = (ch, type, message) ->
        {
            fold = Message.fold(fold, sum(message));
            received++;
        };

        InPlace(final UmpChannel channel, final int slots)
        {
            super(channel, slots);
        }

        @Override
        public boolean offer(final long base)
        {
            return channel.trySend(TYPE, Message.word(base, 0), Message.word(base, 1), Message.word(base, 2),
                Message.word(base, 3), Message.word(base, 4), Message.word(base, 5), Message.word(base, 6));
        }

        @Override
        public long poll()
        {
            checksum = Message.EMPTY;
            channel.read(take, 1);
            return checksum;
        }

        @Override
        public int drain(final int limit)
        {
            return channel.read(folder, limit);
        }

        private static long sum(final MessageView message)
        {
            long sum = 0;
            for (int i = 0; i < message.length(); i++)
            {
                sum += message.word(i);
            }
            return sum;
        }
    }

    /** Sends from an array and receives into the channel's buffer: one copy on each side. */
    static final class Copying extends Side
    {
        private final MessageHandler take = (ch, type, payload, length) ->
        {
            checksum = sum(payload, length);
            received++;
        };
        private final MessageHandler folder = (ch, type, payload, length) ->
        {
            fold = Message.fold(fold, sum(payload, length));
            received++;
        };

        Copying(final UmpChannel channel, final int slots)
        {
            super(channel, slots);
        }

        @Override
        public boolean offer(final long base)
        {
            for (int i = 0; i < Message.WORDS; i++)
            {
                out[i] = Message.word(base, i);
            }
            return channel.trySend(TYPE, out, 0, Message.WORDS);
        }

        @Override
        public long poll()
        {
            checksum = Message.EMPTY;
            channel.poll(take, 1);
            return checksum;
        }

        @Override
        public int drain(final int limit)
        {
            return channel.poll(folder, limit);
        }

        private static long sum(final long[] payload, final int length)
        {
            long sum = 0;
            for (int i = 0; i < length; i++)
            {
                sum += payload[i];
            }
            return sum;
        }
    }
}
