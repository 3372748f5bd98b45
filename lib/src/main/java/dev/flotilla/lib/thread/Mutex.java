package dev.flotilla.lib.thread;

import java.util.Objects;

/**
 * A lock for user-level threads of one scheduler: waiting for it yields the user-level thread, never the
 * core's thread (Barrelfish's {@code thread_mutex}). Not reentrant; only the owner may unlock.
 *
 * <p><b>FIFO hand-off.</b> {@link #unlock()} gives the mutex straight to the longest waiter, which becomes
 * the owner before it even runs, so a thread that keeps locking cannot overtake those queued before it.
 * Invariant: {@code owner == null} implies no waiters — which is why {@link #tryLock()} never barges.
 */
public final class Mutex
{
    private final ThreadScheduler scheduler;
    private final WaitQueue waiters;
    private UThread owner;

    /** An unlocked mutex for threads of {@code scheduler}. */
    public Mutex(final ThreadScheduler scheduler)
    {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.waiters = new WaitQueue(scheduler);
    }

    /**
     * Takes the mutex, blocking the calling thread behind earlier waiters while another thread owns it.
     *
     * @throws IllegalStateException        if the caller is not one of the scheduler's threads.
     * @throws IllegalMonitorStateException if the caller owns it already.
     */
    public void lock()
    {
        final UThread self = scheduler.requireCurrent("Mutex.lock");
        if (owner == null)
        {
            owner = self;
            return;
        }
        if (owner == self)
        {
            throw new IllegalMonitorStateException(self + " already holds this mutex (a Mutex is not reentrant)");
        }
        while (owner != self)
        {
            scheduler.block(waiters);
        }
    }

    /**
     * Takes the mutex if no thread owns it.
     *
     * @return true if the caller now owns it.
     * @throws IllegalStateException if the caller is not one of the scheduler's threads.
     */
    public boolean tryLock()
    {
        final UThread self = scheduler.requireCurrent("Mutex.tryLock");
        if (owner == null)
        {
            owner = self;
            return true;
        }
        return false;
    }

    /**
     * Releases the mutex, handing it to the longest waiter if there is one.
     *
     * @throws IllegalStateException        if the caller is not one of the scheduler's threads.
     * @throws IllegalMonitorStateException if the caller does not own it.
     */
    public void unlock()
    {
        final UThread self = scheduler.requireCurrent("Mutex.unlock");
        if (owner != self)
        {
            throw new IllegalMonitorStateException(self + " cannot unlock a mutex "
                + (owner == null ? "that is not locked" : "owned by " + owner));
        }
        release();
    }

    /** Hands the mutex to the next waiter, or leaves it free. */
    void release()
    {
        owner = waiters.wakeFirst();
    }

    /** True if {@code thread} owns it. */
    boolean isOwnedBy(final UThread thread)
    {
        return owner == thread;
    }

    /** The thread that owns it; null when unlocked. */
    public UThread owner()
    {
        return owner;
    }

    /** True if some thread owns it. */
    public boolean isLocked()
    {
        return owner != null;
    }

    /** How many threads wait for it. */
    public int waiting()
    {
        return waiters.size();
    }
}
