package dev.flotilla.idl;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads one message's arguments back, in the format {@link Encoder} writes, checking every word: a
 * message that is too short, too long, or holds a value its declared type cannot have is
 * {@link Malformed} and never reaches a handler. Generated bindings call it; core-confined and reused.
 */
public final class Decoder
{
    /** Why a message was refused while decoding; caught by the port, counted, never seen by handlers. */
    public static final class Malformed extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        private final ErrorCode code;
        private final boolean answerable;

        Malformed(final ErrorCode code, final String detail)
        {
            this(code, detail, false);
        }

        private Malformed(final ErrorCode code, final String detail, final boolean answerable)
        {
            super(detail, null, false, false);
            this.code = code;
            this.answerable = answerable;
        }

        /** The {@code RX_} code, or the carrier's code for a capability that could not be taken. */
        public ErrorCode code()
        {
            return code;
        }

        /**
         * True if the words were well formed but a capability could not be taken (the receive CNode is full, no
         * such capability arrived): a call refused so is answered with the code, so that its caller does not
         * wait for a reply that cannot come.
         */
        public boolean answerable()
        {
            return answerable;
        }
    }

    private long[] words;
    private int length;
    private int next;
    private String message;

    /** Starts reading {@code words[0..length)}, the message {@code name}. */
    public Decoder begin(final String name, final long[] payload, final int count)
    {
        this.message = name;
        this.words = payload;
        this.length = count;
        this.next = 0;
        return this;
    }

    public long getLong(final String argument)
    {
        if (next >= length)
        {
            throw new Malformed(ErrorCode.RX_INVALID_LENGTH, message + ": ends before argument '" + argument + "' ("
                + length + " words)");
        }
        return words[next++];
    }

    public int getInt(final String argument)
    {
        return (int)ranged(argument, Integer.MIN_VALUE, Integer.MAX_VALUE, "an int");
    }

    public short getShort(final String argument)
    {
        return (short)ranged(argument, Short.MIN_VALUE, Short.MAX_VALUE, "a short");
    }

    public byte getByte(final String argument)
    {
        return (byte)ranged(argument, Byte.MIN_VALUE, Byte.MAX_VALUE, "a byte");
    }

    public boolean getBoolean(final String argument)
    {
        return ranged(argument, 0, 1, "a boolean (0 or 1)") == 1;
    }

    public ErrorCode getError(final String argument)
    {
        final long word = getLong(argument);
        try
        {
            return ErrorCode.fromWire(word);
        }
        catch (final IllegalArgumentException e)
        {
            throw invalid(argument, e.getMessage());
        }
    }

    public byte[] getBytes(final String argument)
    {
        final long count = getLong(argument);
        final long packed = (count + 7) >>> 3;
        if (count < 0 || packed > length - next)
        {
            throw new Malformed(ErrorCode.RX_INVALID_LENGTH, message + ": argument '" + argument + "' claims " + count
                + " bytes, but only " + (length - next) + " words follow");
        }
        final byte[] bytes = new byte[(int)count];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)(words[next + (i >>> 3)] >>> ((i & 7) << 3));
        }
        next += (int)packed;
        return bytes;
    }

    public String getString(final String argument)
    {
        final byte[] bytes = getBytes(argument);
        try
        {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        }
        catch (final CharacterCodingException e)
        {
            throw invalid(argument, "not UTF-8 text");
        }
    }

    public long[] getWords(final String argument)
    {
        final long count = getLong(argument);
        if (count < 0 || count > length - next)
        {
            throw new Malformed(ErrorCode.RX_INVALID_LENGTH, message + ": argument '" + argument + "' claims " + count
                + " words, but only " + (length - next) + " follow");
        }
        final long[] values = new long[(int)count];
        System.arraycopy(words, next, values, 0, values.length);
        next += values.length;
        return values;
    }

    /** A capability: what the port's carrier makes of the word. */
    public Object getCapability(final Port port, final String argument)
    {
        final long word = getLong(argument);
        try
        {
            return port.carrier().take(word);
        }
        catch (final FlotillaException refused)
        {
            throw new Malformed(refused.code(), message + ": argument '" + argument + "': " + refused.getMessage(), true);
        }
        catch (final IllegalArgumentException e)
        {
            throw invalid(argument, e.getMessage());
        }
    }

    /** Every word was read: a message with words left over is refused too. */
    public void end()
    {
        if (next != length)
        {
            throw new Malformed(ErrorCode.RX_INVALID_LENGTH, message + ": " + (length - next)
                + " words left over after the last argument (" + length + " words)");
        }
    }

    private long ranged(final String argument, final long min, final long max, final String what)
    {
        final long word = getLong(argument);
        if (word < min || word > max)
        {
            throw invalid(argument, word + " is not " + what);
        }
        return word;
    }

    private Malformed invalid(final String argument, final String why)
    {
        return new Malformed(ErrorCode.RX_INVALID_ARGUMENT, message + ": argument '" + argument + "': " + why);
    }
}
