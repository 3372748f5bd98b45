package dev.flotilla.idl;

import dev.flotilla.base.ErrorCode;

/**
 * The continuation of a split-phase request: runs on the requesting dispatcher's core when the reply
 * arrives, with either a result or an error.
 *
 * @param <T> what the request produces.
 */
@FunctionalInterface
public interface Completion<T>
{
    /**
     * @param result the result; null if the request failed (and for requests that produce nothing).
     * @param error  null on success, else why it failed.
     */
    void complete(T result, ErrorCode error);
}
