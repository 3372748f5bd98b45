package dev.flotilla.idl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a set of records — the entries of a change log, such as a replicated table's changes carried by an
 * agreement round as opaque bytes — once, as a top-level interface: each abstract method is one kind of record,
 * numbered from 1 in declaration order, its arguments the record's fields. At build time the stub generator writes,
 * beside it, {@code NAMECodec}: a static method per record that encodes it, and {@code apply(record, target)},
 * which decodes one record and calls the matching method of {@code target} (an implementation of the declared
 * interface). So a table's wire format is declared in one place instead of a kind byte and hand-written fields.
 *
 * <p>A record is words as a message's are ({@link Encoder}: the kind first, then each field), packed eight bytes to
 * a word, little-endian. Supported field types are a message's, without capabilities (a record has no channel to
 * carry one). Stable: reordering the methods renumbers the records.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface RecordSet
{
    /** One line saying what the records are for. */
    String description() default "";
}
