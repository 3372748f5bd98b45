package dev.flotilla.sim;

import dev.flotilla.urpc.UmpDescriptor;

/**
 * One direction of a simulated channel: UMP's ring of N cache-line slots, each holding up to seven
 * payload words, with the times the simulator needs beside each slot. Preallocated, so sending and
 * receiving allocate nothing.
 *
 * <pre>
 *   slot i:  words[7i .. 7i+7)   payload
 *            control[i]          type (16 bits) | words in this slot (4 bits) | more (1 bit)
 *            arrival[i]          virtual time the receiver can see the slot (the sender's, its store miss over, + jitter)
 *            freeAt[i]           virtual time the sender learns the receiver took it (+ the ack's flight)
 * </pre>
 *
 * Written by the sender's endpoint: {@code words}, {@code control}, {@code arrival}, {@code written}.
 * Written by the receiver's endpoint: {@code freeAt}, {@code consumed}. Both endpoints run on the
 * simulation's one thread, so plain fields suffice; the times are what keep each side from seeing
 * the other's writes before the interconnect could have carried them.
 *
 * <p>Invariants: {@code 0 <= written - consumed <= N}; arrival times never decrease along the ring
 * (FIFO), nor do free times; a message's slots share one arrival time, so it is seen whole or not at all.
 */
final class SimRing
{
    static final int SLOT_WORDS = UmpDescriptor.PAYLOAD_WORDS;

    final int slots;
    final int mask;
    final long[] words;
    final int[] control;
    final long[] arrival;
    final long[] freeAt;
    /** Slots the sender has written. */
    long written;
    /** Slots the receiver has taken. */
    long consumed;
    /** Arrival time of the newest message: a later message never arrives before it. */
    long lastArrival;

    SimRing(final int slots)
    {
        UmpDescriptor.checkRingSlots(slots);
        this.slots = slots;
        this.mask = slots - 1;
        this.words = new long[slots * SLOT_WORDS];
        this.control = new int[slots];
        this.arrival = new long[slots];
        this.freeAt = new long[slots];
    }

    static int control(final int type, final int words, final boolean more)
    {
        return (type << 5) | (words << 1) | (more ? 1 : 0);
    }

    static int type(final int control)
    {
        return control >>> 5;
    }

    static int words(final int control)
    {
        return (control >>> 1) & 0xF;
    }

    static boolean more(final int control)
    {
        return (control & 1) != 0;
    }

    /** Slots a message of {@code length} words takes; an empty message still takes one. */
    static int slotsFor(final int length)
    {
        return length == 0 ? 1 : (length + SLOT_WORDS - 1) / SLOT_WORDS;
    }
}
