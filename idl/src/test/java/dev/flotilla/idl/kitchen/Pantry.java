package dev.flotilla.idl.kitchen;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.RecordSet;

/** Records of every supported field type, for the codec tests. */
@RecordSet(description = "what goes in and out of the pantry, for the tests")
public interface Pantry
{
    /** Something put on a shelf. */
    void stock(String item, int shelf, long grams, boolean fresh, byte[] label, long[] batches, ErrorCode note,
        short crates, byte bin);

    /** Everything on a shelf taken out. */
    void clear(int shelf);
}
