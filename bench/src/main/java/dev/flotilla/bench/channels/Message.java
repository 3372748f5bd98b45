package dev.flotilla.bench.channels;

/**
 * The message every transport carries: seven 64-bit words (56 bytes, a UMP slot's payload).
 *
 * <p>A message is named by its {@code base}: word {@code i} holds {@code base + i}. The receiver
 * reads all seven words and adds them up; the sum, {@link #checksum(long) 7 * base + 21}, is what a
 * receive returns, so no transport can skip reading its payload and a wrong or torn word shows up
 * as a wrong checksum. Streaming receivers fold the checksums in order ({@link #fold}), which also
 * catches lost, repeated or reordered messages.
 */
final class Message
{
    /** Payload words per message. */
    static final int WORDS = 7;
    /** Payload bytes per message. */
    static final int BYTES = WORDS * Long.BYTES;
    /** What a receive returns when nothing arrived; no checksum of a base below 2^60 equals it. */
    static final long EMPTY = Long.MIN_VALUE;

    private Message()
    {
    }

    /** Word {@code i} of the message named {@code base}. */
    static long word(final long base, final int i)
    {
        return base + i;
    }

    /** The sum of the seven words of the message named {@code base}. */
    static long checksum(final long base)
    {
        return WORDS * base + (WORDS * (WORDS - 1)) / 2;
    }

    /** Folds one more checksum into a running, order-sensitive fold (which starts at 0). */
    static long fold(final long fold, final long checksum)
    {
        return fold * 31 + checksum;
    }
}
