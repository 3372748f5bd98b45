package dev.flotilla.idl;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;

/**
 * A one-shot completion that keeps what it was given, so a blocking RPC can wait for it: the
 * generated stub makes the split-phase call with a {@code Reply} as its continuation, then waits on it
 * with the port's {@link Blocker}. Core-confined: completed and read on one core.
 *
 * @param <T> what the call produces.
 */
public final class Reply<T> implements Completion<T>
{
    private T result;
    private ErrorCode error;
    private boolean done;
    private Runnable whenDone;

    @Override
    public void complete(final T value, final ErrorCode failure)
    {
        if (done)
        {
            throw new IllegalStateException("a reply completes once; it already has (" + describe() + ")");
        }
        done = true;
        result = value;
        error = failure;
        final Runnable waiter = whenDone;
        whenDone = null;
        if (waiter != null)
        {
            waiter.run();
        }
    }

    /** True once the reply arrived (or the call failed). */
    public boolean isDone()
    {
        return done;
    }

    /**
     * Runs {@code action} when the reply is done: now if it already is, else once, on completion. One
     * action at a time (the one waiting thread).
     */
    public void whenDone(final Runnable action)
    {
        if (done)
        {
            action.run();
            return;
        }
        if (whenDone != null)
        {
            throw new IllegalStateException("a reply has one waiter; another already waits for it");
        }
        whenDone = action;
    }

    /**
     * The result of a done reply.
     *
     * @throws FlotillaException carrying the error, if the call failed.
     * @throws IllegalStateException if the reply is not done yet.
     */
    public T get()
    {
        if (!done)
        {
            throw new IllegalStateException("the reply has not arrived yet");
        }
        if (error != null)
        {
            throw new FlotillaException(error, error.message());
        }
        return result;
    }

    /** The error of a done reply; null if it succeeded. */
    public ErrorCode error()
    {
        return error;
    }

    private String describe()
    {
        return error == null ? "result " + result : "error " + error;
    }
}
