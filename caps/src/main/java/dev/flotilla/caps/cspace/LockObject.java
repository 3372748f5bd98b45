package dev.flotilla.caps.cspace;

/**
 * Locks, marks or unlocks an object for a distributed operation (Barrelfish's {@code monitor_lock_cap} and
 * revoke's mark phase). While it is locked, retype, delete and revoke of any of its copies on this core answer
 * {@code RETRY_THROUGH_MONITOR}, and the monitor queues them behind the operation. A mark (a revoke under way)
 * also stops copies of the object or of its descendants from crossing cores, out of or into this one
 * ({@code REVOKE_IN_PROGRESS}), so the sweep that follows misses none. The monitor only.
 *
 * <p>Checks: none can fail; locking a locked object replaces its mode, unlocking an unlocked one changes nothing.
 */
public final class LockObject
{
    /** What the lock stops. */
    public enum Mode
    {
        /** Retype, delete and revoke of its copies go to the monitor. */
        LOCK,
        /** As {@link #LOCK}, and no copy of it or its descendants crosses cores. */
        MARK,
        /** Nothing: the operation is over. */
        UNLOCK
    }

    private final CoreCapabilities core;
    private final long generation;
    private final ObjectName object;
    private final Mode mode;

    private LockObject(final CoreCapabilities core, final ObjectName object, final Mode mode)
    {
        this.core = core;
        this.generation = core.generation();
        this.object = object;
        this.mode = mode;
    }

    /** Checks a change of {@code object}'s lock to {@code mode}. */
    public static LockObject decode(final CoreCapabilities core, final ObjectName object, final Mode mode)
    {
        return new LockObject(core, object, mode);
    }

    /** Returns true if the object was locked before. */
    public boolean invoke()
    {
        core.beginInvoke(generation);
        return switch (mode)
        {
            case LOCK -> core.locks().put(object, Boolean.FALSE) != null;
            case MARK -> core.locks().put(object, Boolean.TRUE) != null;
            case UNLOCK -> core.locks().remove(object) != null;
        };
    }
}
