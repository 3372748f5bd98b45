package dev.flotilla.idl;

/**
 * What a blocking RPC waits with: suspends the calling user-level thread — never the core — until a
 * reply is done. The dispatcher runtime provides it; the dispatcher keeps polling the channel while
 * the thread waits, and the reply's completion resumes the thread.
 */
@FunctionalInterface
public interface Blocker
{
    /**
     * Returns once {@code reply} is done (at once if it already is).
     *
     * @throws IllegalStateException if the caller is not a user-level thread that may wait here.
     */
    void await(Reply<?> reply);
}
