package dev.flotilla.monitor.agreement;

import dev.flotilla.idl.RecordSet;

/**
 * The changes of the replicated domain table ({@link SpanTable}), declared once: {@code DomainChangesCodec} is
 * generated from this, and an agreement round carries one of these records as its opaque change.
 */
@RecordSet(description = "the changes of the replicated domain table")
interface DomainChanges
{
    /** {@code domain}'s entry becomes exactly this: its program, its cores (ascending) and whether it is ending. */
    void set(long domain, String program, long[] cores, boolean ending);

    /** {@code domain} is gone. */
    void drop(long domain);

    /** Every entry, for a core new to the table: set records, framed ({@code RecordCodec.frame}). */
    void snapshot(byte[] entries);
}
