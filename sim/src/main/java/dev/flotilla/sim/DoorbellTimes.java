package dev.flotilla.sim;

import java.util.Arrays;

/**
 * The times at which messages reach one core: a primitive min-heap. Each message rings its receiver's
 * doorbell once, at its arrival, exactly as a UMP sender rings the peer core after publishing. A core
 * that finishes a step consults these to decide whether to run again at once (a message arrived while
 * it was stepping), later (at the next arrival) or not at all.
 *
 * <p>Confined to the thread that drives the simulation.
 */
final class DoorbellTimes
{
    private long[] heap = new long[16];
    private int size;

    void push(final long time)
    {
        if (size == heap.length)
        {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int hole = size++;
        while (hole > 0)
        {
            final int parent = (hole - 1) >>> 1;
            if (heap[parent] <= time)
            {
                break;
            }
            heap[hole] = heap[parent];
            hole = parent;
        }
        heap[hole] = time;
    }

    /** The earliest pending ring, or {@link Long#MAX_VALUE} if none. */
    long earliest()
    {
        return size == 0 ? Long.MAX_VALUE : heap[0];
    }

    /**
     * Forgets every ring at or before {@code end}: the core has stepped through them.
     *
     * @return true if one of them came after {@code start}, during the step: the core may have polled
     *         that channel before the message arrived, so it must look again.
     */
    boolean drainThrough(final long start, final long end)
    {
        boolean during = false;
        while (size > 0 && heap[0] <= end)
        {
            during |= heap[0] > start;
            pop();
        }
        return during;
    }

    private void pop()
    {
        final int last = --size;
        final long time = heap[last];
        int hole = 0;
        while (true)
        {
            int child = 2 * hole + 1;
            if (child >= last)
            {
                break;
            }
            if (child + 1 < last && heap[child + 1] < heap[child])
            {
                child++;
            }
            if (heap[child] >= time)
            {
                break;
            }
            heap[hole] = heap[child];
            hole = child;
        }
        heap[hole] = time;
    }
}
