package dev.flotilla.caps.cspace;

/**
 * Locks or unlocks an object for a distributed operation (Barrelfish's {@code monitor_lock_cap}): while it is
 * locked, retype, delete and revoke of any of its copies on this core answer {@code RETRY_THROUGH_MONITOR},
 * and the monitor queues them behind the operation. The monitor only; nothing else changes.
 *
 * <p>Checks: none can fail; locking a locked object, or unlocking an unlocked one, changes nothing.
 */
public final class LockObject
{
    private final CoreCapabilities core;
    private final long generation;
    private final ObjectName object;
    private final boolean lock;

    private LockObject(final CoreCapabilities core, final ObjectName object, final boolean lock)
    {
        this.core = core;
        this.generation = core.generation();
        this.object = object;
        this.lock = lock;
    }

    /** Checks a lock ({@code lock} true) or unlock of {@code object}. */
    public static LockObject decode(final CoreCapabilities core, final ObjectName object, final boolean lock)
    {
        return new LockObject(core, object, lock);
    }

    /** Returns true if the lock state changed. */
    public boolean invoke()
    {
        core.beginInvoke(generation);
        return lock ? core.locks().add(object) : core.locks().remove(object);
    }
}
