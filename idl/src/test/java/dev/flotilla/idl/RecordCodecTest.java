package dev.flotilla.idl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.kitchen.Pantry;
import dev.flotilla.idl.kitchen.PantryCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A declared record set's generated codec: every field type round-trips; a bad record is refused with its code. */
class RecordCodecTest
{
    /** Writes down each record applied to it. */
    private static final class Shelves implements Pantry
    {
        final List<String> applied = new ArrayList<>();

        @Override
        public void stock(final String item, final int shelf, final long grams, final boolean fresh, final byte[] label,
            final long[] batches, final ErrorCode note, final short crates, final byte bin)
        {
            applied.add("stock " + item + " " + shelf + " " + grams + " " + fresh + " " + Arrays.toString(label) + " "
                + Arrays.toString(batches) + " " + note + " " + crates + " " + bin);
        }

        @Override
        public void clear(final int shelf)
        {
            applied.add("clear " + shelf);
        }
    }

    @Test
    void everyFieldTypeRoundTrips()
    {
        final Shelves shelves = new Shelves();
        PantryCodec.apply(PantryCodec.stock("flour \u00e9", -3, Long.MIN_VALUE, true, new byte[] {1, 2, 3},
            new long[] {7, -1}, ErrorCode.CAP_NOT_FOUND, (short)-2, (byte)9), shelves);
        PantryCodec.apply(PantryCodec.stock("", 0, 0, false, new byte[0], new long[0], null, (short)0, (byte)0), shelves);
        PantryCodec.apply(PantryCodec.clear(4), shelves);
        assertEquals(List.of("stock flour \u00e9 -3 " + Long.MIN_VALUE + " true [1, 2, 3] [7, -1] CAP_NOT_FOUND -2 9",
            "stock  0 0 false [] [] null 0 0", "clear 4"), shelves.applied);
        assertEquals("clear", PantryCodec.kindOf(PantryCodec.clear(1)));
        assertEquals("stock", PantryCodec.kindOf(PantryCodec.stock("a", 1, 1, true, new byte[0], new long[0], null,
            (short)1, (byte)1)));
    }

    @Test
    void aRecordIsItsKindThenItsFieldsInLittleEndianWords()
    {
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0}, PantryCodec.clear(5));
    }

    @Test
    void aRecordCarriedAsWordsComesBackWhole()
    {
        final byte[] record = PantryCodec.stock("jam", 2, 40, true, new byte[] {9}, new long[] {3}, null, (short)1,
            (byte)2);
        final long[] words = RecordCodec.words(record);
        assertEquals(record.length / Long.BYTES, words.length);
        assertEquals(1, words[0], "the kind is the first word");
        final long[] ring = Arrays.copyOf(words, words.length + 3); // a reused buffer, longer than the record
        assertArrayEquals(record, RecordCodec.record(ring, words.length));
    }

    @Test
    void aBadRecordIsRefusedWithWhatIsWrongAndAppliesNothing()
    {
        final Shelves shelves = new Shelves();
        final byte[] clear = PantryCodec.clear(5);
        assertRefused(ErrorCode.RX_INVALID_LENGTH, "Pantry record: 0 bytes", new byte[0], shelves);
        assertRefused(ErrorCode.RX_INVALID_LENGTH, "Pantry record: 15 bytes", Arrays.copyOf(clear, 15), shelves);
        assertRefused(ErrorCode.RX_INVALID_LENGTH, null, Arrays.copyOf(clear, 8), shelves);
        assertRefused(ErrorCode.RX_INVALID_LENGTH, "left over", Arrays.copyOf(clear, 24), shelves);
        final byte[] unknown = clear.clone();
        unknown[0] = 3;
        assertRefused(ErrorCode.RX_INVALID_MSGNUM, "Pantry record of kind 3: the set declares kinds 1..2", unknown,
            shelves);
        unknown[7] = (byte)0x80; // a negative kind
        assertRefused(ErrorCode.RX_INVALID_MSGNUM, "the set declares kinds 1..2", unknown, shelves);
        final byte[] wideShelf = clear.clone();
        wideShelf[12] = 1; // 2^32 + 5 does not fit the int field
        assertRefused(ErrorCode.RX_INVALID_ARGUMENT, "argument 'shelf'", wideShelf, shelves);
        assertEquals(List.of(), shelves.applied);
        assertEquals("?", PantryCodec.kindOf(new byte[0]));
        assertEquals("?", PantryCodec.kindOf(unknown));
    }

    private static void assertRefused(final ErrorCode code, final String detail, final byte[] record, final Pantry target)
    {
        final Decoder.Malformed refused = assertThrows(Decoder.Malformed.class, () -> PantryCodec.apply(record, target));
        assertEquals(code, refused.code(), refused.getMessage());
        assertTrue(detail == null || refused.getMessage().contains(detail), refused.getMessage());
    }
}
