package dev.flotilla.sim;

import java.util.Arrays;

/**
 * The simulator's pending events: a binary min-heap of (virtual time, key) pairs held in two
 * primitive arrays, so pushing and popping allocate nothing once the arrays have grown.
 *
 * <p>Events are ordered by time, then by key. The simulator's key puts a seeded random number above
 * the core id, so simultaneous events run in an order that depends on the seed only — the freedom
 * real hardware has, made reproducible — and no two keys of one run compare equal.
 *
 * <p>Confined to the thread that drives the simulation.
 */
final class EventQueue
{
    private long[] times = new long[64];
    private long[] keys = new long[64];
    private int size;

    /** Adds an event. */
    void push(final long time, final long key)
    {
        if (size == times.length)
        {
            times = Arrays.copyOf(times, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
        }
        int hole = size++;
        while (hole > 0)
        {
            final int parent = (hole - 1) >>> 1;
            if (!before(time, key, times[parent], keys[parent]))
            {
                break;
            }
            times[hole] = times[parent];
            keys[hole] = keys[parent];
            hole = parent;
        }
        times[hole] = time;
        keys[hole] = key;
    }

    /** True if no event is pending. */
    boolean isEmpty()
    {
        return size == 0;
    }

    /** The earliest event's time; only when not empty. */
    long peekTime()
    {
        return times[0];
    }

    /** The earliest event's key; only when not empty. */
    long peekKey()
    {
        return keys[0];
    }

    /** Removes the earliest event (read it first with {@link #peekTime()} and {@link #peekKey()}). */
    void pop()
    {
        final int last = --size;
        final long time = times[last];
        final long key = keys[last];
        int hole = 0;
        while (true)
        {
            int child = 2 * hole + 1;
            if (child >= last)
            {
                break;
            }
            if (child + 1 < last && before(times[child + 1], keys[child + 1], times[child], keys[child]))
            {
                child++;
            }
            if (!before(times[child], keys[child], time, key))
            {
                break;
            }
            times[hole] = times[child];
            keys[hole] = keys[child];
            hole = child;
        }
        times[hole] = time;
        keys[hole] = key;
    }

    private static boolean before(final long timeA, final long keyA, final long timeB, final long keyB)
    {
        return timeA < timeB || (timeA == timeB && keyA < keyB);
    }
}
