package dev.flotilla.urpc;

import java.util.Objects;

/**
 * The argument checks every transport makes before it sends, in one place so that every transport
 * refuses the same bad input with the same message (the channel contract tests check them).
 */
public final class ChannelChecks
{
    private ChannelChecks()
    {
    }

    /** A message type must fit the header's 16 bits. */
    public static void type(final int type)
    {
        if (type < 0 || type > UmpDescriptor.MAX_TYPE)
        {
            throw new IllegalArgumentException("message type must be 0.." + UmpDescriptor.MAX_TYPE + ", was " + type);
        }
    }

    /** A message must fit the channel's ring. */
    public static void length(final int length, final Channel channel)
    {
        if (length > channel.maxMessageWords())
        {
            throw new IllegalArgumentException("message of " + length + " words does not fit a ring of "
                + channel.ringSlots() + " slots; at most " + channel.maxMessageWords() + " words");
        }
    }

    /** One message: type, range inside the array, length. */
    public static void message(final int type, final long[] payload, final int offset, final int length,
        final Channel channel)
    {
        type(type);
        Objects.checkFromIndexSize(offset, length, payload.length);
        length(length, channel);
    }

    /** A batch of {@code count} messages of {@code wordsPerMessage} words each. */
    public static void batch(final int type, final long[] payload, final int offset, final int wordsPerMessage,
        final int count, final Channel channel)
    {
        type(type);
        Objects.checkFromIndexSize(offset, Math.multiplyExact(wordsPerMessage, count), payload.length);
        length(wordsPerMessage, channel);
    }
}
