package dev.flotilla.monitor.capops;

import dev.flotilla.caps.cspace.ObjectName;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The owner's serialisation of distributed operations, one queue per object (Barrelfish keeps a lock bit and a
 * wait queue per capability in the owner's monitor). At most one operation on an object runs at a time; the
 * others wait in arrival order and start when it finishes, so none is lost and, since an operation's
 * per-core steps never wait for a queue, none deadlocks.
 *
 * <p>Invariant: an object is in {@link #busy} exactly while one operation on it runs; that operation calls
 * {@link #done} exactly once. Core-confined, like its monitor.
 */
final class ObjectQueue
{
    private final Map<ObjectName, ArrayDeque<Runnable>> busy = new HashMap<>();

    /** Runs {@code operation} now if nothing runs on {@code object}, else once those before it are done. */
    void submit(final ObjectName object, final Runnable operation)
    {
        final ArrayDeque<Runnable> waiting = busy.get(object);
        if (waiting == null)
        {
            busy.put(object, new ArrayDeque<>());
            operation.run();
        }
        else
        {
            waiting.add(operation);
        }
    }

    /** The operation running on {@code object} finished: starts the next, if one waits. */
    void done(final ObjectName object)
    {
        final ArrayDeque<Runnable> waiting = busy.get(object);
        if (waiting == null)
        {
            throw new IllegalStateException("no operation runs on " + object);
        }
        final Runnable next = waiting.poll();
        if (next == null)
        {
            busy.remove(object);
        }
        else
        {
            next.run();
        }
    }

    /** Objects with an operation running (for tests and status). */
    int busyObjects()
    {
        return busy.size();
    }
}
