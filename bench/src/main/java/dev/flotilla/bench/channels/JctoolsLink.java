package dev.flotilla.bench.channels;

import java.util.function.IntFunction;
import org.jctools.queues.MessagePassingQueue;

/**
 * A JCTools single-producer single-consumer queue pair as a link under test: one queue each way,
 * carrying pooled {@code long[7]} messages ({@link MessagePool}). Streaming uses the queue's
 * batch interface: {@code fill} on the producer, {@code drain} on the consumer.
 */
final class JctoolsLink
{
    private JctoolsLink()
    {
    }

    /** Two queues made by {@code queues} (given the capacity) and their sides. */
    static Link<StreamEndpoint> open(final int capacity, final IntFunction<MessagePassingQueue<long[]>> queues)
    {
        final MessagePassingQueue<long[]> ab = queues.apply(capacity);
        final MessagePassingQueue<long[]> ba = queues.apply(capacity);
        return new Link<>(new Side(ab, ba, capacity), new Side(ba, ab, capacity), () -> { });
    }

    /** One side: sends on one queue, receives from the other. */
    static final class Side extends PaddedSide implements StreamEndpoint, MessagePassingQueue.Supplier<long[]>
    {
        private final MessagePassingQueue<long[]> out;
        private final MessagePassingQueue<long[]> in;
        private final MessagePool pool;
        private final MessagePassingQueue.Consumer<long[]> folder = message ->
        {
            fold = Message.fold(fold, MessagePool.read(message));
            received++;
        };

        Side(final MessagePassingQueue<long[]> out, final MessagePassingQueue<long[]> in, final int capacity)
        {
            this.out = out;
            this.in = in;
            this.pool = new MessagePool(capacity);
        }

        @Override
        public boolean offer(final long base)
        {
            if (out.offer(pool.fill(sent, base)))
            {
                sent++;
                return true;
            }
            return false;
        }

        @Override
        public long poll()
        {
            final long[] message = in.poll();
            if (message == null)
            {
                return Message.EMPTY;
            }
            received++;
            return MessagePool.read(message);
        }

        @Override
        public int offerBatch(final long firstBase, final int count)
        {
            nextBase = firstBase;
            return out.fill(this, count);
        }

        @Override
        public int drain(final int limit)
        {
            return in.drain(folder, limit);
        }

        @Override
        public long fold()
        {
            return fold;
        }

        /** Hands {@code fill} the next message; the queue asks only for messages it has room for. */
        @Override
        public long[] get()
        {
            return pool.fill(sent++, nextBase++);
        }
    }
}
