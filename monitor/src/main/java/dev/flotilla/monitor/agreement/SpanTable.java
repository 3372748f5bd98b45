package dev.flotilla.monitor.agreement;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.RecordCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One core's replica of the domain table: which program each running domain runs and which cores it spans. Read
 * with no message ({@code ps}, whoever needs a domain's cores); changed only by the agreement rounds of its
 * {@link ReplicatedTable}, so every core holds the same domains, changed in the same order.
 *
 * <pre>
 *   set(domain, program, cores, ending)   prepare: yes; commit: the domain's entry becomes exactly this
 *   drop(domain)                          prepare: yes; commit: the domain is gone
 *   snapshot(entries)                     one-phase: a core new to the table takes every entry
 * </pre>
 * A domain's home monitor decides every change of it (one span at a time, DomainManager) and publishes the
 * domain's whole state each time, not a difference: so a change whose round aborted (a stalled core) is made good
 * by publishing the state as it then is, and a replica never holds a mix of two states of one domain. A change is
 * one {@link DomainChanges} record (its codec is generated from the declaration).
 */
public final class SpanTable implements Participant
{
    /**
     * One domain as every replica holds it.
     *
     * @param program the program it runs.
     * @param cores   the cores it has (or is starting) a dispatcher on, ascending.
     * @param ending  true once it is being stopped.
     */
    public record Span(String program, List<Integer> cores, boolean ending)
    {
        public Span
        {
            cores = List.copyOf(cores);
        }
    }

    private final Map<Long, Span> domains = new TreeMap<>();

    /** The domain's entry here, or null: a local read. */
    public Span lookup(final long domain)
    {
        return domains.get(domain);
    }

    /** Every domain and its entry, by id: for listings and for comparing replicas. */
    public Map<Long, Span> entries()
    {
        return new TreeMap<>(domains);
    }

    /** The replica as lines {@code id<TAB>program<TAB>cores<TAB>state} (state RUNNING or ENDING), by id. */
    public String lines()
    {
        final StringBuilder lines = new StringBuilder();
        domains.forEach((id, span) -> lines.append(id).append('\t').append(span.program()).append('\t')
            .append(span.cores().stream().map(String::valueOf).collect(Collectors.joining(","))).append('\t')
            .append(span.ending() ? "ENDING" : "RUNNING").append('\n'));
        return lines.toString();
    }

    /** The change that makes {@code domain}'s entry {@code span} on every replica. */
    public static byte[] set(final long domain, final Span span)
    {
        return DomainChangesCodec.set(domain, span.program(), span.cores().stream().mapToLong(Integer::longValue)
            .toArray(), span.ending());
    }

    /** The change that removes {@code domain} from every replica. */
    public static byte[] drop(final long domain)
    {
        return DomainChangesCodec.drop(domain);
    }

    /** The table as it stands, as a change a core new to the table applies. */
    public byte[] snapshot()
    {
        final List<byte[]> entries = new ArrayList<>();
        domains.forEach((domain, span) -> entries.add(set(domain, span)));
        return DomainChangesCodec.snapshot(RecordCodec.frame(entries));
    }

    @Override
    public ErrorCode prepare(final long round, final byte[] change)
    {
        return null; // the home decided; the replicas record
    }

    @Override
    public void commit(final long round, final byte[] change)
    {
        DomainChangesCodec.apply(change, new Replica(true));
    }

    @Override
    public void abort(final long round, final byte[] change)
    {
        // prepare held nothing
    }

    /** Applies records to this replica; a snapshot's entries are set records only. */
    private final class Replica implements DomainChanges
    {
        private final boolean whole;

        Replica(final boolean whole)
        {
            this.whole = whole;
        }

        @Override
        public void set(final long domain, final String program, final long[] cores, final boolean ending)
        {
            final List<Integer> list = new ArrayList<>(cores.length);
            for (final long core : cores)
            {
                if (core < 0 || core > Integer.MAX_VALUE)
                {
                    throw new IllegalArgumentException("domain " + domain + " on core " + core);
                }
                list.add((int)core);
            }
            domains.put(domain, new Span(program, list, ending));
        }

        @Override
        public void drop(final long domain)
        {
            if (!whole)
            {
                throw new IllegalArgumentException("a domain-table snapshot holds set records, not drop");
            }
            domains.remove(domain);
        }

        @Override
        public void snapshot(final byte[] entries)
        {
            if (!whole)
            {
                throw new IllegalArgumentException("a domain-table snapshot holds set records, not a snapshot");
            }
            final SpanTable staged = new SpanTable(); // every entry decoded before any is taken: all or nothing
            for (final byte[] entry : RecordCodec.unframe("DomainChanges", entries))
            {
                DomainChangesCodec.apply(entry, staged.new Replica(false));
            }
            domains.putAll(staged.domains);
        }
    }
}
