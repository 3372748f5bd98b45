package dev.flotilla.idl;

import dev.flotilla.base.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Marshals one message's arguments into words, as generated stubs call it: one word per scalar
 * argument; text and byte arrays as a length word and the bytes packed eight to a word, little-endian
 * (the format of {@code MessageText}); word arrays as a length word and the words; an error code as its
 * wire number. The channel spreads the words over as many 64-byte slots as they need. Reused for every
 * message of one binding; core-confined.
 */
public final class Encoder
{
    private static final long[] NONE = new long[0];

    private long[] words = new long[8];
    private int length;
    private long[] given = NONE;

    /** Starts a new message. */
    public Encoder begin()
    {
        length = 0;
        given = NONE;
        return this;
    }

    public Encoder putLong(final long value)
    {
        ensure(1);
        words[length++] = value;
        return this;
    }

    public Encoder putBoolean(final boolean value)
    {
        return putLong(value ? 1 : 0);
    }

    /** An error code by its wire number; null (success) is {@link ErrorCode#OK_WIRE}. */
    public Encoder putError(final ErrorCode code)
    {
        return putLong(ErrorCode.toWire(code));
    }

    public Encoder putString(final String text, final String argument)
    {
        return putBytes(Objects.requireNonNull(text, argument).getBytes(StandardCharsets.UTF_8), argument);
    }

    public Encoder putBytes(final byte[] bytes, final String argument)
    {
        Objects.requireNonNull(bytes, argument);
        final int packed = (bytes.length + 7) >>> 3;
        ensure(1 + packed);
        words[length++] = bytes.length;
        Arrays.fill(words, length, length + packed, 0L);
        for (int i = 0; i < bytes.length; i++)
        {
            words[length + (i >>> 3)] |= (bytes[i] & 0xFFL) << ((i & 7) << 3);
        }
        length += packed;
        return this;
    }

    public Encoder putWords(final long[] values, final String argument)
    {
        Objects.requireNonNull(values, argument);
        ensure(1 + values.length);
        words[length++] = values.length;
        System.arraycopy(values, 0, words, length, values.length);
        length += values.length;
        return this;
    }

    /** A capability: what the port's carrier gives for it (remembered, so the port can wait for it to arrive). */
    public Encoder putCapability(final Port port, final Object capability, final String argument)
    {
        final long word = port.carrier().give(Objects.requireNonNull(capability, argument));
        given = Arrays.copyOf(given, given.length + 1);
        given[given.length - 1] = word;
        return putLong(word);
    }

    /** The words the carrier gave for this message's capabilities, in argument order. */
    long[] capabilities()
    {
        return given;
    }

    /** The words so far; valid until the next {@link #begin()}. */
    public long[] words()
    {
        return words;
    }

    /** How many words the message has. */
    public int length()
    {
        return length;
    }

    private void ensure(final int more)
    {
        if (length + more > words.length)
        {
            words = Arrays.copyOf(words, Math.max(words.length * 2, length + more));
        }
    }
}
