package dev.flotilla.lib.thread;

import java.util.Objects;

/**
 * A condition variable for user-level threads, with Mesa semantics (Barrelfish's {@code thread_cond}): a
 * signal makes a waiter runnable, and the waiter re-takes the mutex behind anyone already queued for it, so
 * the condition may have changed again by the time it runs — wait in a loop:
 * {@code while (!condition) cond.await(mutex);}.
 *
 * <p>{@link #await} releases the mutex only once the thread is queued and suspended, so a signal cannot fall
 * between the two, and a thread that cannot yield (pinned) gets the error still holding its mutex. {@link #signal()} and {@link #broadcast()} may be called from any code on the core — a
 * thread, or a message handler outside every thread; a signal with no waiter does nothing.
 */
public final class CondVar
{
    private final ThreadScheduler scheduler;
    private final WaitQueue waiters;

    /** A condition variable for threads of {@code scheduler}. */
    public CondVar(final ThreadScheduler scheduler)
    {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.waiters = new WaitQueue(scheduler);
    }

    /**
     * Releases {@code mutex}, blocks until signalled, then takes {@code mutex} again before returning.
     *
     * @throws IllegalStateException        if the caller is not one of the scheduler's threads.
     * @throws IllegalMonitorStateException if the caller does not own {@code mutex}.
     */
    public void await(final Mutex mutex)
    {
        final UThread self = scheduler.requireCurrent("CondVar.await");
        if (!mutex.isOwnedBy(self))
        {
            throw new IllegalMonitorStateException(self + " must hold the mutex it awaits with");
        }
        scheduler.blockReleasing(self, waiters, mutex);
        mutex.lock();
    }

    /** Wakes the longest waiter, if any. */
    public void signal()
    {
        waiters.wakeOne();
    }

    /** Wakes every waiter. */
    public void broadcast()
    {
        waiters.wakeAll();
    }

    /** How many threads wait. */
    public int waiting()
    {
        return waiters.size();
    }
}
