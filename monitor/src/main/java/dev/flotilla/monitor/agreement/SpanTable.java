package dev.flotilla.monitor.agreement;

import dev.flotilla.base.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * bytes: a kind byte, the domain, and for a set its program, ending flag and cores; a snapshot, the count and each
 * entry.
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

    private static final byte SET = 1;
    private static final byte DROP = 2;
    private static final byte SNAPSHOT = 3;

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
        return write(out ->
        {
            out.writeByte(SET);
            out.writeLong(domain);
            writeSpan(out, span);
        });
    }

    /** The change that removes {@code domain} from every replica. */
    public static byte[] drop(final long domain)
    {
        return write(out ->
        {
            out.writeByte(DROP);
            out.writeLong(domain);
        });
    }

    /** The table as it stands, as a change a core new to the table applies. */
    public byte[] snapshot()
    {
        return write(out ->
        {
            out.writeByte(SNAPSHOT);
            out.writeInt(domains.size());
            for (final Map.Entry<Long, Span> entry : domains.entrySet())
            {
                out.writeLong(entry.getKey());
                writeSpan(out, entry.getValue());
            }
        });
    }

    @Override
    public ErrorCode prepare(final long round, final byte[] change)
    {
        return null; // the home decided; the replicas record
    }

    @Override
    public void commit(final long round, final byte[] change)
    {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(change)))
        {
            switch (in.readByte())
            {
                case SET ->
                {
                    final long domain = in.readLong();
                    domains.put(domain, readSpan(in));
                }
                case DROP -> domains.remove(in.readLong());
                case SNAPSHOT ->
                {
                    for (int i = in.readInt(); i > 0; i--)
                    {
                        final long domain = in.readLong();
                        domains.put(domain, readSpan(in));
                    }
                }
                default -> throw new IllegalArgumentException("a domain-table change of kind " + change[0]);
            }
        }
        catch (final IOException truncated)
        {
            throw new IllegalArgumentException("a truncated domain-table change", truncated);
        }
    }

    @Override
    public void abort(final long round, final byte[] change)
    {
        // prepare held nothing
    }

    private interface Writer
    {
        void to(DataOutputStream out) throws IOException;
    }

    private static byte[] write(final Writer writer)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            writer.to(out);
        }
        catch (final IOException impossible)
        {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    private static void writeSpan(final DataOutputStream out, final Span span) throws IOException
    {
        out.writeUTF(span.program());
        out.writeBoolean(span.ending());
        out.writeInt(span.cores().size());
        for (final int core : span.cores())
        {
            out.writeInt(core);
        }
    }

    private static Span readSpan(final DataInputStream in) throws IOException
    {
        final String program = in.readUTF();
        final boolean ending = in.readBoolean();
        final List<Integer> cores = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--)
        {
            cores.add(in.readInt());
        }
        return new Span(program, cores, ending);
    }
}
