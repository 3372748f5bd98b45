package dev.flotilla.lib.thread;

import java.util.Objects;

/**
 * An uncaught exception that ended a user-level thread, as its scheduler recorded it: for the dispatcher,
 * which decides whether the domain goes on.
 *
 * @param thread the thread that ended.
 * @param error  what it threw.
 */
public record ThreadFailure(UThread thread, Throwable error)
{
    public ThreadFailure
    {
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(error, "error");
    }
}
