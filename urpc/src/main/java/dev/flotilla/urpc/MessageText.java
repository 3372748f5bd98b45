package dev.flotilla.urpc;

import java.nio.charset.StandardCharsets;

/**
 * Text in message words: a word holding the byte length, then the UTF-8 bytes packed eight to a
 * word, little-endian. Used for service names, queries and answers.
 */
public final class MessageText
{
    private MessageText()
    {
    }

    /** Words needed for {@code text}. */
    public static int words(final String text)
    {
        return 1 + (text.getBytes(StandardCharsets.UTF_8).length + 7) / 8;
    }

    /**
     * Writes {@code text} at {@code out[offset]}.
     *
     * @return the index after the last word written.
     * @throws IllegalArgumentException if it does not fit in {@code out}.
     */
    public static int encode(final String text, final long[] out, final int offset)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final int words = 1 + (bytes.length + 7) / 8;
        if (offset < 0 || offset + words > out.length)
        {
            throw new IllegalArgumentException("text of " + bytes.length + " bytes needs " + words
                + " words; only " + (out.length - offset) + " left in the message");
        }
        out[offset] = bytes.length;
        for (int i = 0; i < bytes.length; i++)
        {
            final int word = offset + 1 + i / 8;
            if (i % 8 == 0)
            {
                out[word] = 0;
            }
            out[word] |= (bytes[i] & 0xFFL) << (8 * (i % 8));
        }
        return offset + words;
    }

    /** Encodes {@code text} into a new array of exactly the words it needs. */
    public static long[] encode(final String text)
    {
        final long[] out = new long[words(text)];
        encode(text, out, 0);
        return out;
    }

    /**
     * Reads text written by {@link #encode} from {@code in[offset..offset+length)}.
     *
     * @throws IllegalArgumentException if the words do not hold well-formed text.
     */
    public static String decode(final long[] in, final int offset, final int length)
    {
        if (length < 1 || in[offset] < 0 || in[offset] > (long)(length - 1) * 8)
        {
            throw new IllegalArgumentException("not message text: length word " + (length < 1 ? "missing" : in[offset])
                + " for " + Math.max(0, length - 1) + " words of bytes");
        }
        final byte[] bytes = new byte[(int)in[offset]];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)(in[offset + 1 + i / 8] >>> (8 * (i % 8)));
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
