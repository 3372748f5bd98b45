package dev.flotilla.monitor.agreement;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One core's replica of the name registry: which core exports each service name. Lookups read it with no
 * message; it changes only by the agreement rounds of its {@link ReplicatedTable}, so every core holds the same
 * names, changed in the same order.
 *
 * <pre>
 *   register(name, core)     prepare: SERVICE_EXISTS if the name is held or claimed by a round in flight,
 *                            else claim it; commit: name -&gt; core; abort: drop the claim
 *   deregister(name, core)   prepare: yes; commit: forget the name if core still holds it
 *   snapshot(entries)        one-phase: a core new to the table takes every entry
 *   lookup(name)             the local replica; a name claimed by a prepared round waits for its decision
 * </pre>
 * A change is bytes: a kind byte, then the core and the name (modified UTF-8), or for a snapshot the count and
 * each pair.
 */
public final class NameTable implements Participant
{
    /** What a replica tells about its committed changes (core 0's monitor keeps the SKB's service facts with it). */
    public interface Listener
    {
        void registered(String name, int core);

        void removed(String name);
    }

    private static final byte REGISTER = 1;
    private static final byte DEREGISTER = 2;
    private static final byte SNAPSHOT = 3;

    private final Map<String, Integer> names = new HashMap<>();
    /** Names that a prepared round will register: held so that no second round claims them before it decides. */
    private final Set<String> claimed = new HashSet<>();
    /** Lookups of a claimed name, answered once the claim's round is decided here. */
    private final Map<String, List<Runnable>> waiting = new HashMap<>();
    private final Listener listener;

    public NameTable(final Listener listener)
    {
        this.listener = listener;
    }

    /** The core that exports {@code name} here, or null: a local read, no message. */
    public Integer lookup(final String name)
    {
        return names.get(name);
    }

    /**
     * The core that exports {@code name}, from this replica: at once, unless a round this core has prepared claims
     * the name — then once that round is decided here (so a lookup that causally follows a registration, such as
     * a client spawned after its server, sees it although its commit is still on the way). SERVICE_NOT_FOUND if
     * no core exports it.
     */
    public void lookup(final String name, final Completion<Integer> done)
    {
        final Integer core = names.get(name);
        if (core == null && claimed.contains(name))
        {
            waiting.computeIfAbsent(name, n -> new ArrayList<>()).add(() -> lookup(name, done));
            return;
        }
        done.complete(core, core == null ? ErrorCode.SERVICE_NOT_FOUND : null);
    }

    private void decided(final String name)
    {
        final List<Runnable> waiters = waiting.remove(name);
        if (waiters != null)
        {
            waiters.forEach(Runnable::run);
        }
    }

    /** Every committed name and its core, sorted: for comparing replicas. */
    public Map<String, Integer> entries()
    {
        return new TreeMap<>(names);
    }

    public static byte[] register(final String name, final int core)
    {
        return encode(REGISTER, name, core);
    }

    public static byte[] deregister(final String name, final int core)
    {
        return encode(DEREGISTER, name, core);
    }

    /** The table as it stands, as a change a core new to the table applies. */
    public byte[] snapshot()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            out.writeByte(SNAPSHOT);
            out.writeInt(names.size());
            for (final Map.Entry<String, Integer> entry : entries().entrySet())
            {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue());
            }
        }
        catch (final IOException impossible)
        {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    private static byte[] encode(final byte kind, final String name, final int core)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            out.writeByte(kind);
            out.writeInt(core);
            out.writeUTF(name);
        }
        catch (final IOException impossible)
        {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    @Override
    public ErrorCode prepare(final long round, final byte[] change)
    {
        if (change.length == 0 || change[0] != REGISTER)
        {
            return null;
        }
        final String name = nameOf(change);
        if (names.containsKey(name) || !claimed.add(name))
        {
            return ErrorCode.SERVICE_EXISTS;
        }
        return null;
    }

    @Override
    public void commit(final long round, final byte[] change)
    {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(change)))
        {
            switch (in.readByte())
            {
                case REGISTER ->
                {
                    final int core = in.readInt();
                    final String name = in.readUTF();
                    claimed.remove(name);
                    names.put(name, core);
                    listener.registered(name, core);
                    decided(name);
                }
                case DEREGISTER ->
                {
                    final int core = in.readInt();
                    final String name = in.readUTF();
                    if (names.remove(name, core))
                    {
                        listener.removed(name);
                    }
                }
                case SNAPSHOT ->
                {
                    final int count = in.readInt();
                    for (int i = 0; i < count; i++)
                    {
                        final String name = in.readUTF();
                        names.put(name, in.readInt());
                    }
                }
                default -> throw new IllegalArgumentException("a name-table change of kind " + change[0]);
            }
        }
        catch (final IOException truncated)
        {
            throw new IllegalArgumentException("a truncated name-table change", truncated);
        }
    }

    @Override
    public void abort(final long round, final byte[] change)
    {
        final String name = nameOf(change);
        claimed.remove(name);
        decided(name);
    }

    private static String nameOf(final byte[] change)
    {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(change)))
        {
            in.readByte();
            in.readInt();
            return in.readUTF();
        }
        catch (final IOException truncated)
        {
            throw new IllegalArgumentException("a truncated name-table change", truncated);
        }
    }
}
