package dev.flotilla.lib.thread;

import java.util.Objects;

/**
 * Threads blocked until someone wakes them, in the order they blocked (Barrelfish's {@code thread_block} /
 * {@code thread_unblock_one} queues): the low-level primitive under {@link Mutex}, {@link CondVar} and join.
 *
 * <p>A thread blocks with {@link ThreadScheduler#block(WaitQueue)}; any code on the core — a thread, or a
 * message handler the dispatcher runs outside every thread — wakes it with {@link #wakeOne()} or
 * {@link #wakeAll()}. A wake with no one waiting does nothing, like a condition variable's signal: callers
 * keep the condition in their own state and block in a loop, {@code while (!ready) scheduler.block(q);}.
 * That loop cannot lose a wake-up, because nothing else runs on the core between the check of
 * {@code ready} and the block — a handler that sets it runs either before the check or after the thread is
 * queued. For a one-shot wake-up that may come before the block, use {@link ThreadScheduler#park()} or
 * {@link ThreadScheduler#await} on a reply.
 */
public final class WaitQueue
{
    final ThreadScheduler scheduler;
    final ThreadQueue waiters = new ThreadQueue();

    /** An empty queue for threads of {@code scheduler}. */
    public WaitQueue(final ThreadScheduler scheduler)
    {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * Makes the longest-waiting thread runnable.
     *
     * @return false if no thread was waiting.
     */
    public boolean wakeOne()
    {
        return wakeFirst() != null;
    }

    /**
     * Makes every waiting thread runnable, in the order they blocked.
     *
     * @return how many were woken.
     */
    public int wakeAll()
    {
        int woken = 0;
        while (wakeFirst() != null)
        {
            woken++;
        }
        return woken;
    }

    /** The longest-waiting thread, made runnable; null if none waited. */
    UThread wakeFirst()
    {
        final UThread first = waiters.poll();
        if (first != null)
        {
            scheduler.makeRunnable(first);
        }
        return first;
    }

    /** True if no thread is waiting. */
    public boolean isEmpty()
    {
        return waiters.isEmpty();
    }

    /** How many threads are waiting. */
    public int size()
    {
        return waiters.size();
    }
}
