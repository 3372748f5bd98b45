package dev.flotilla.lib.thread;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.lib.Completion;
import java.util.Objects;

/**
 * The blocking face of a split-phase request: a user-level thread passes this as a request's
 * {@link Completion} and calls {@link #await()}; the reply handler — which the dispatcher runs outside every
 * thread — calls {@link #complete}, which wakes the thread. This is what a blocking RPC stub is made of.
 *
 * <p>The reply may come before the thread awaits it (the thread yielded for some other reason in between);
 * then {@code await} returns at once. Nothing is lost either way: completion is a state, not a signal, and
 * the wake-up goes through {@link ThreadScheduler#unpark}, whose permit covers the remaining order.
 *
 * @param <T> what the request produces.
 */
public final class BlockingCompletion<T> implements Completion<T>
{
    private final ThreadScheduler scheduler;
    private UThread waiter;
    private boolean done;
    private T result;
    private ErrorCode error;

    /** A completion whose {@link #await()} runs in a thread of {@code scheduler}. */
    public BlockingCompletion(final ThreadScheduler scheduler)
    {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * Records the outcome and wakes the thread waiting for it, if one is.
     *
     * @throws IllegalStateException if it was completed before.
     */
    @Override
    public void complete(final T result, final ErrorCode error)
    {
        if (done)
        {
            throw new IllegalStateException("completed twice (first " + (this.error == null ? "with a result" : this.error)
                + ", now " + (error == null ? "with a result" : error) + ")");
        }
        done = true;
        this.result = result;
        this.error = error;
        if (waiter != null)
        {
            scheduler.unpark(waiter);
        }
    }

    /**
     * Blocks the calling thread until the request completes.
     *
     * @return the result.
     * @throws FlotillaException     with the request's code, if it failed.
     * @throws IllegalStateException if the caller is not one of the scheduler's threads, or another awaits.
     */
    public T await()
    {
        final UThread self = scheduler.requireCurrent("BlockingCompletion.await");
        if (waiter != null)
        {
            throw new IllegalStateException(self + " cannot await a completion that " + waiter + " awaits");
        }
        waiter = self;
        try
        {
            while (!done)
            {
                scheduler.park();
            }
        }
        finally
        {
            waiter = null;
        }
        if (error != null)
        {
            throw new FlotillaException(error, "the request " + self.name() + " awaited failed");
        }
        return result;
    }

    /** True once {@link #complete} was called. */
    public boolean isDone()
    {
        return done;
    }
}
