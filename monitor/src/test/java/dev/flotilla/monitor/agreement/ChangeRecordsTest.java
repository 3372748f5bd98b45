package dev.flotilla.monitor.agreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Decoder;
import dev.flotilla.idl.RecordCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replicated tables' changes as their declared records: a snapshot rebuilds a replica exactly; a change that is
 * not a record of the table's set is refused with its code and changes nothing.
 */
class ChangeRecordsTest
{
    private static final class Log implements NameTable.Listener
    {
        final List<String> events = new ArrayList<>();

        @Override
        public void registered(final String name, final int core)
        {
            events.add("+" + name + "@" + core);
        }

        @Override
        public void removed(final String name)
        {
            events.add("-" + name);
        }
    }

    @Test
    void aNameTableSnapshotRebuildsTheReplicaAndChangesApplyInOrder()
    {
        final Log log = new Log();
        final NameTable table = new NameTable(log);
        assertNull(table.prepare(1, NameTable.register("memserv.0", 0)));
        assertEquals(ErrorCode.SERVICE_EXISTS, table.prepare(2, NameTable.register("memserv.0", 3)), "claimed");
        table.commit(1, NameTable.register("memserv.0", 0));
        assertNull(table.prepare(3, NameTable.register("spawnd.\u00e91", 1)));
        table.commit(3, NameTable.register("spawnd.\u00e91", 1));
        assertNull(table.prepare(4, NameTable.register("gone", 2)));
        table.abort(4, NameTable.register("gone", 2));
        table.commit(5, NameTable.deregister("memserv.0", 7)); // not its core: nothing
        assertEquals(List.of("+memserv.0@0", "+spawnd.\u00e91@1"), log.events);

        final NameTable fresh = new NameTable(new Log());
        fresh.commit(6, table.snapshot());
        assertEquals(Map.of("memserv.0", 0, "spawnd.\u00e91", 1), fresh.entries());
        assertNull(fresh.prepare(7, NameTable.register("gone", 2)), "the aborted claim is not in the snapshot");
    }

    @Test
    void aSpanTableSnapshotRebuildsTheReplica()
    {
        final SpanTable table = new SpanTable();
        table.commit(1, SpanTable.set(1L << 32 | 1, new SpanTable.Span("hold", List.of(0, 2, 3), false)));
        table.commit(2, SpanTable.set(2L << 32 | 1, new SpanTable.Span("ping", List.of(2), true)));
        table.commit(3, SpanTable.set(3L << 32 | 1, new SpanTable.Span("x", List.of(3), false)));
        table.commit(4, SpanTable.drop(3L << 32 | 1));
        final SpanTable fresh = new SpanTable();
        fresh.commit(5, table.snapshot());
        assertEquals(table.entries(), fresh.entries());
        assertEquals(table.lines(), fresh.lines());
        assertEquals(2, fresh.entries().size());
    }

    @Test
    void aChangeThatIsNoRecordOfTheTableIsRefusedAndChangesNothing()
    {
        final NameTable names = new NameTable(new Log());
        names.commit(1, NameTable.register("a", 1));
        final SpanTable spans = new SpanTable();
        final byte[] register = NameTable.register("b", 2);
        assertEquals(ErrorCode.RX_INVALID_LENGTH, assertThrows(Decoder.Malformed.class,
            () -> names.commit(2, Arrays.copyOf(register, register.length - 8))).code());
        assertEquals(ErrorCode.RX_INVALID_LENGTH, assertThrows(Decoder.Malformed.class,
            () -> names.commit(2, new byte[3])).code());
        final byte[] unknown = register.clone();
        unknown[0] = 9;
        assertEquals(ErrorCode.RX_INVALID_MSGNUM, assertThrows(Decoder.Malformed.class,
            () -> names.prepare(2, unknown)).code());
        // a snapshot with an entry that is not a set record (nothing of it is taken), or whose framing runs past its end
        final byte[] dropInside = DomainChangesCodec.snapshot(RecordCodec.frame(List.of(
            SpanTable.set(6, new SpanTable.Span("q", List.of(0), false)), SpanTable.drop(5))));
        assertThrows(IllegalArgumentException.class, () -> spans.commit(3, dropInside));
        final byte[] framed = RecordCodec.frame(List.of(SpanTable.drop(5)));
        framed[0] = 9;
        assertEquals(ErrorCode.RX_INVALID_LENGTH, assertThrows(Decoder.Malformed.class,
            () -> spans.commit(3, DomainChangesCodec.snapshot(framed))).code());
        final byte[] valid = SpanTable.set(7, new SpanTable.Span("p", List.of(1), false));
        assertThrows(IllegalArgumentException.class, () -> spans.commit(4, DomainChangesCodec.set(7, "p",
            new long[] {-1}, false)));
        assertEquals(Map.of("a", 1), names.entries());
        assertEquals(Map.of(), spans.entries());
        spans.commit(5, valid);
        assertEquals(List.of(1), spans.lookup(7).cores());
    }
}
