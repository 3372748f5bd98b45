package dev.flotilla.monitor.agreement;

import dev.flotilla.idl.RecordSet;

/**
 * The changes of the replicated name registry ({@link NameTable}), declared once: {@code NameChangesCodec} is
 * generated from this, and an agreement round carries one of these records as its opaque change.
 */
@RecordSet(description = "the changes of the replicated name registry")
interface NameChanges
{
    /** {@code name} exported by {@code core}; prepared only if no core holds or claims the name. */
    void register(String name, int core);

    /** {@code name} forgotten, if {@code core} still holds it. */
    void deregister(String name, int core);

    /** Every entry, for a core new to the table: register records, framed ({@code RecordCodec.frame}). */
    void snapshot(byte[] registrations);
}
