package dev.flotilla.bench.channels;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;

/**
 * A pair of LMAX Disruptor ring buffers as a link under test, one each way, single producer, with
 * the Disruptor's preallocated events holding the seven words in fields. The receiving thread
 * consumes through an {@link EventPoller} (the Disruptor's way to consume on one's own thread),
 * which delivers everything published since the last poll in one go: its natural batching.
 * Senders check capacity before claiming, because {@code next()} would park while the ring is full.
 */
final class DisruptorLink
{
    private DisruptorLink()
    {
    }

    /** The preallocated event: one message's seven words. */
    static final class Slot
    {
        long w0, w1, w2, w3, w4, w5, w6;

        void fill(final long base)
        {
            w0 = Message.word(base, 0);
            w1 = Message.word(base, 1);
            w2 = Message.word(base, 2);
            w3 = Message.word(base, 3);
            w4 = Message.word(base, 4);
            w5 = Message.word(base, 5);
            w6 = Message.word(base, 6);
        }

        long read()
        {
            return w0 + w1 + w2 + w3 + w4 + w5 + w6;
        }
    }

    /** Two rings of {@code capacity} events (a power of two) and their sides. */
    static Link<StreamEndpoint> open(final int capacity)
    {
        final RingBuffer<Slot> ab = RingBuffer.createSingleProducer(Slot::new, capacity, new BusySpinWaitStrategy());
        final RingBuffer<Slot> ba = RingBuffer.createSingleProducer(Slot::new, capacity, new BusySpinWaitStrategy());
        return new Link<>(new Side(ab, poller(ba)), new Side(ba, poller(ab)), () -> { });
    }

    private static EventPoller<Slot> poller(final RingBuffer<Slot> ring)
    {
        final EventPoller<Slot> poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        return poller;
    }

    /** One side: publishes on one ring, polls the other. */
    static final class Side extends PaddedSide implements StreamEndpoint
    {
        private final RingBuffer<Slot> out;
        private final EventPoller<Slot> in;
        private final EventPoller.Handler<Slot> take = (slot, sequence, endOfBatch) ->
        {
            checksum = slot.read();
            received++;
            return false; // one event per poll
        };
        private final EventPoller.Handler<Slot> folder = (slot, sequence, endOfBatch) ->
        {
            fold = Message.fold(fold, slot.read());
            received++;
            return --drainBudget > 0;
        };

        Side(final RingBuffer<Slot> out, final EventPoller<Slot> in)
        {
            this.out = out;
            this.in = in;
        }

        @Override
        public boolean offer(final long base)
        {
            if (!out.hasAvailableCapacity(1))
            {
                return false;
            }
            final long sequence = out.next();
            out.get(sequence).fill(base);
            out.publish(sequence);
            sent++;
            return true;
        }

        @Override
        public long poll()
        {
            checksum = Message.EMPTY;
            pollOnce(take);
            return checksum;
        }

        @Override
        public int offerBatch(final long firstBase, final int count)
        {
            int n = count;
            if (!out.hasAvailableCapacity(n))
            {
                n = (int)Math.min(count, out.remainingCapacity());
                if (n <= 0)
                {
                    return 0;
                }
            }
            final long hi = out.next(n);
            final long lo = hi - n + 1;
            for (long s = lo; s <= hi; s++)
            {
                out.get(s).fill(firstBase + (s - lo));
            }
            out.publish(lo, hi);
            sent += n;
            return n;
        }

        @Override
        public int drain(final int limit)
        {
            if (limit <= 0)
            {
                return 0;
            }
            final long before = received;
            drainBudget = limit;
            pollOnce(folder);
            return (int)(received - before);
        }

        @Override
        public long fold()
        {
            return fold;
        }

        private void pollOnce(final EventPoller.Handler<Slot> handler)
        {
            try
            {
                in.poll(handler);
            }
            catch (final Exception e) // poll declares Exception for handlers that throw; ours do not
            {
                throw new IllegalStateException("event handler failed", e);
            }
        }
    }
}
