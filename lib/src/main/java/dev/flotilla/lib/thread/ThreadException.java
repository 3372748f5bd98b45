package dev.flotilla.lib.thread;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;

/**
 * A user-level thread could not do what it was asked: it could not yield ({@link ErrorCode#THREAD_PINNED}),
 * or a thread it joined had failed ({@link ErrorCode#THREAD_FAILED}; the failure is the {@link #getCause()}).
 */
public final class ThreadException extends FlotillaException
{
    private static final long serialVersionUID = 1L;

    private final transient UThread thread;

    private ThreadException(final ErrorCode code, final UThread thread, final String detail, final Throwable cause)
    {
        super(code, detail);
        this.thread = thread;
        if (cause != null)
        {
            initCause(cause);
        }
    }

    static ThreadException pinned(final UThread thread, final String why)
    {
        return new ThreadException(ErrorCode.THREAD_PINNED, thread, describe(thread) + " cannot yield: " + why, null);
    }

    static ThreadException failed(final UThread thread)
    {
        return new ThreadException(ErrorCode.THREAD_FAILED, thread,
            describe(thread) + " threw " + thread.failure, thread.failure);
    }

    private static String describe(final UThread thread)
    {
        return thread == null ? "a user-level thread" : "thread '" + thread.name() + "' (#" + thread.id() + ")";
    }

    /** The thread the error is about: the one that could not yield, or the one that failed. */
    public UThread thread()
    {
        return thread;
    }
}
