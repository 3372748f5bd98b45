package dev.flotilla.urpc;

import java.util.Objects;

/**
 * A received message read in place: on UMP the words are read straight from the ring's cache lines,
 * with no copy. A view is valid only during the {@link MessageReader} call it was passed to; the
 * sender may reuse the slots as soon as the call returns.
 */
public interface MessageView
{
    /** Number of words. */
    int length();

    /**
     * Word {@code index} of the message.
     *
     * @throws IndexOutOfBoundsException if index is outside 0..length-1.
     */
    long word(int index);

    /** The words copied out, for a reader that keeps them beyond the call. */
    default long[] toArray()
    {
        final long[] words = new long[length()];
        for (int i = 0; i < words.length; i++)
        {
            words[i] = word(i);
        }
        return words;
    }

    /** A view over words already in an array (transports that copy anyway). */
    static MessageView of(final long[] words, final int length)
    {
        Objects.checkFromIndexSize(0, length, words.length);
        return new MessageView()
        {
            @Override
            public int length()
            {
                return length;
            }

            @Override
            public long word(final int index)
            {
                return words[Objects.checkIndex(index, length)];
            }
        };
    }
}
