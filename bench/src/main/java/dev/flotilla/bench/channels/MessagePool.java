package dev.flotilla.bench.channels;

/**
 * The preallocated messages an object-passing queue carries: {@code long[7]} arrays, reused in
 * turn, so no transport allocates on the hot path. The sender fills the next array and passes its
 * reference; the receiver reads the seven words.
 *
 * <p>Reuse is safe with twice the queue's capacity: when the sender refills the array of message
 * {@code s}, message {@code s - 2C} last used it; the sender's successful send of message
 * {@code s - 1} proved that the receiver had taken message {@code s - 1 - C}, and a receiver reads
 * messages in order and finishes each batch (at most {@code C - 1} messages) before taking the next
 * one, so it finished reading message {@code s - 2C}. The queue's own release and acquire carry that
 * ordering to the sender.
 */
final class MessagePool
{
    private final long[][] messages;
    private final int mask;

    /** A pool for a queue of {@code capacity} messages (a power of two). */
    MessagePool(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
        }
        messages = new long[2 * capacity][Message.WORDS];
        mask = 2 * capacity - 1;
    }

    /** The array for the {@code sent}-th message, filled as the message named {@code base}. */
    long[] fill(final long sent, final long base)
    {
        final long[] message = messages[(int)sent & mask];
        for (int i = 0; i < Message.WORDS; i++)
        {
            message[i] = Message.word(base, i);
        }
        return message;
    }

    /** The checksum of a received array: reads all seven words. */
    static long read(final long[] message)
    {
        long sum = 0;
        for (int i = 0; i < Message.WORDS; i++)
        {
            sum += message[i];
        }
        return sum;
    }
}
