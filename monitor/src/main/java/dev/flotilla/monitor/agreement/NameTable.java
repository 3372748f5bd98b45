package dev.flotilla.monitor.agreement;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.RecordCodec;
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
 * A change is one {@link NameChanges} record (its codec is generated from the declaration).
 */
public final class NameTable implements Participant
{
    /** What a replica tells about its committed changes (core 0's monitor keeps the SKB's service facts with it). */
    public interface Listener
    {
        void registered(String name, int core);

        void removed(String name);
    }

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
        return NameChangesCodec.register(name, core);
    }

    public static byte[] deregister(final String name, final int core)
    {
        return NameChangesCodec.deregister(name, core);
    }

    /** The table as it stands, as a change a core new to the table applies. */
    public byte[] snapshot()
    {
        final List<byte[]> entries = new ArrayList<>();
        entries().forEach((name, core) -> entries.add(NameChangesCodec.register(name, core)));
        return NameChangesCodec.snapshot(RecordCodec.frame(entries));
    }

    @Override
    public ErrorCode prepare(final long round, final byte[] change)
    {
        final ErrorCode[] verdict = {null};
        NameChangesCodec.apply(change, new NameChanges()
        {
            @Override
            public void register(final String name, final int core)
            {
                if (names.containsKey(name) || !claimed.add(name))
                {
                    verdict[0] = ErrorCode.SERVICE_EXISTS;
                }
            }

            @Override
            public void deregister(final String name, final int core)
            {
                // always prepared
            }

            @Override
            public void snapshot(final byte[] registrations)
            {
                // one-phase: never prepared
            }
        });
        return verdict[0];
    }

    @Override
    public void commit(final long round, final byte[] change)
    {
        NameChangesCodec.apply(change, new NameChanges()
        {
            @Override
            public void register(final String name, final int core)
            {
                claimed.remove(name);
                names.put(name, core);
                listener.registered(name, core);
                decided(name);
            }

            @Override
            public void deregister(final String name, final int core)
            {
                if (names.remove(name, core))
                {
                    listener.removed(name);
                }
            }

            @Override
            public void snapshot(final byte[] registrations)
            {
                final Map<String, Integer> staged = new HashMap<>(); // all decoded before any is taken
                for (final byte[] entry : RecordCodec.unframe("NameChanges", registrations))
                {
                    NameChangesCodec.apply(entry, new Entries(staged));
                }
                names.putAll(staged);
            }
        });
    }

    @Override
    public void abort(final long round, final byte[] change)
    {
        NameChangesCodec.apply(change, new NameChanges()
        {
            @Override
            public void register(final String name, final int core)
            {
                claimed.remove(name); // this core voted yes: its prepare claimed the name
                decided(name);
            }

            @Override
            public void deregister(final String name, final int core)
            {
                // prepare held nothing
            }

            @Override
            public void snapshot(final byte[] registrations)
            {
                // one-phase: never aborted
            }
        });
    }

    /** A snapshot's entries: register records only, collected into {@code into}. */
    private static final class Entries implements NameChanges
    {
        private final Map<String, Integer> into;

        Entries(final Map<String, Integer> into)
        {
            this.into = into;
        }

        @Override
        public void register(final String name, final int core)
        {
            into.put(name, core);
        }

        @Override
        public void deregister(final String name, final int core)
        {
            throw new IllegalArgumentException("a name-table snapshot holds register records, not deregister");
        }

        @Override
        public void snapshot(final byte[] registrations)
        {
            throw new IllegalArgumentException("a name-table snapshot holds register records, not a snapshot");
        }
    }
}
