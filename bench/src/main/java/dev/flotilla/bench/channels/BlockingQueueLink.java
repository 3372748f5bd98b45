package dev.flotilla.bench.channels;

import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * A pair of {@link ArrayBlockingQueue}s as a link under test, one each way, carrying pooled
 * {@code long[7]} messages ({@link MessagePool}); the JDK's bounded queue, one lock per queue.
 * Only its non-blocking calls are used ({@code offer}, {@code poll}), so the threads spin as with
 * every other transport. It has no batch send; its batch receive is {@code drainTo}, which takes
 * the lock once per batch.
 */
final class BlockingQueueLink
{
    private BlockingQueueLink()
    {
    }

    /** Two queues of {@code capacity} messages (a power of two) and their sides. */
    static Link<StreamEndpoint> open(final int capacity)
    {
        final ArrayBlockingQueue<long[]> ab = new ArrayBlockingQueue<>(capacity);
        final ArrayBlockingQueue<long[]> ba = new ArrayBlockingQueue<>(capacity);
        return new Link<>(new Side(ab, ba, capacity), new Side(ba, ab, capacity), () -> { });
    }

    /** One side: offers to one queue, polls the other. */
    static final class Side extends PaddedSide implements StreamEndpoint
    {
        private final ArrayBlockingQueue<long[]> out;
        private final ArrayBlockingQueue<long[]> in;
        private final MessagePool pool;
        /** The receiver's batch; only this side's thread touches it. */
        private final ArrayList<long[]> batch;

        Side(final ArrayBlockingQueue<long[]> out, final ArrayBlockingQueue<long[]> in, final int capacity)
        {
            this.out = out;
            this.in = in;
            this.pool = new MessagePool(capacity);
            this.batch = new ArrayList<>(capacity);
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
            final int n = in.drainTo(batch, limit);
            for (int i = 0; i < n; i++)
            {
                fold = Message.fold(fold, MessagePool.read(batch.get(i)));
            }
            batch.clear();
            received += n;
            return n;
        }

        @Override
        public long fold()
        {
            return fold;
        }
    }
}
