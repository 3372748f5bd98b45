package dev.flotilla.idl;

import dev.flotilla.base.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the generated codecs of {@link RecordSet}s call: a record's words packed into bytes and read back, and the
 * errors a bad record is refused with (a {@link Decoder.Malformed} carrying an {@code RX_} code and saying what was
 * wrong). Stateless.
 */
public final class RecordCodec
{
    private RecordCodec()
    {
    }

    /** The words {@code e} holds, packed eight bytes to a word, little-endian. */
    public static byte[] pack(final Encoder e)
    {
        final ByteBuffer out = ByteBuffer.allocate(e.length() * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.asLongBuffer().put(Arrays.copyOf(e.words(), e.length()));
        return out.array();
    }

    /**
     * The words of {@code record} (the inverse of {@link #pack}), for a transport that carries words: a record
     * written as one message of a ring. A trailing part word is zero-filled; {@link #open} refuses such a record.
     */
    public static long[] words(final byte[] record)
    {
        final long[] words = new long[(record.length + Long.BYTES - 1) / Long.BYTES];
        final ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(record, words.length * Long.BYTES))
            .order(ByteOrder.LITTLE_ENDIAN);
        in.asLongBuffer().get(words);
        return words;
    }

    /** The record whose words are {@code words[0..length)}, as {@link #pack} would have written it. */
    public static byte[] record(final long[] words, final int length)
    {
        final ByteBuffer out = ByteBuffer.allocate(length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.asLongBuffer().put(words, 0, length);
        return out.array();
    }

    /**
     * A decoder over {@code record}, a record of the set {@code set}.
     *
     * @throws Decoder.Malformed {@code RX_INVALID_LENGTH} if it is empty or not whole words.
     */
    public static Decoder open(final String set, final byte[] record)
    {
        if (record.length == 0 || record.length % Long.BYTES != 0)
        {
            throw new Decoder.Malformed(ErrorCode.RX_INVALID_LENGTH, set + " record: " + record.length
                + " bytes; a record is one or more whole 8-byte words, the first its kind");
        }
        final long[] words = new long[record.length / Long.BYTES];
        ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(words);
        return new Decoder().begin(set + " record", words, words.length);
    }

    /**
     * Records one after another, each after a word giving its length in words: a field that holds many records
     * (a table's snapshot holds one per entry).
     */
    public static byte[] frame(final List<byte[]> records)
    {
        final int words = records.stream().mapToInt(r -> 1 + r.length / Long.BYTES).sum();
        final ByteBuffer out = ByteBuffer.allocate(words * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (final byte[] record : records)
        {
            out.putLong(record.length / Long.BYTES).put(record);
        }
        return out.array();
    }

    /**
     * The records {@link #frame} put together.
     *
     * @throws Decoder.Malformed {@code RX_INVALID_LENGTH} if a length runs past the end or the bytes are not
     *     whole words.
     */
    public static List<byte[]> unframe(final String set, final byte[] framed)
    {
        if (framed.length % Long.BYTES != 0)
        {
            throw new Decoder.Malformed(ErrorCode.RX_INVALID_LENGTH, set + " records: " + framed.length
                + " bytes are not whole 8-byte words");
        }
        final ByteBuffer in = ByteBuffer.wrap(framed).order(ByteOrder.LITTLE_ENDIAN);
        final List<byte[]> records = new ArrayList<>();
        while (in.hasRemaining())
        {
            final long words = in.getLong();
            if (words < 1 || words > in.remaining() / Long.BYTES)
            {
                throw new Decoder.Malformed(ErrorCode.RX_INVALID_LENGTH, set + " records: record " + records.size()
                    + " claims " + words + " words; " + in.remaining() / Long.BYTES + " are left");
            }
            final byte[] record = new byte[(int)words * Long.BYTES];
            in.get(record);
            records.add(record);
        }
        return records;
    }

    /** The refusal of a record whose kind the set does not declare. */
    public static Decoder.Malformed unknownKind(final String set, final long kind, final int kinds)
    {
        return new Decoder.Malformed(ErrorCode.RX_INVALID_MSGNUM, set + " record of kind " + kind
            + ": the set declares kinds 1.." + kinds);
    }
}
