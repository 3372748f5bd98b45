package dev.flotilla.lib.thread;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * The stack of one {@link UThread}: a JDK continuation in the scope all user-level threads share. It is
 * package-private so that no one outside the scheduler can run or yield it; its only addition is to turn a
 * refused yield into an error that names the thread.
 *
 * <p>One scope serves every scheduler, so that "am I inside a user-level thread at all?" has one answer
 * ({@link Continuation#getCurrentContinuation}) — which is how schedulers refuse to nest. The scope is an
 * immutable name, not mutable state.
 */
final class Strand extends Continuation
{
    static final ContinuationScope SCOPE = new ContinuationScope("flotilla-uthread");

    final UThread thread;

    Strand(final UThread thread, final Runnable body)
    {
        super(SCOPE, body);
        this.thread = thread;
    }

    /** The user-level thread running on the calling platform thread, of any scheduler; null if none. */
    static UThread running()
    {
        return Continuation.getCurrentContinuation(SCOPE) instanceof Strand strand ? strand.thread : null;
    }

    /** Suspends the calling thread's strand back into its scheduler's {@code runReady}. */
    static void suspend()
    {
        if (!Continuation.yield(SCOPE))
        {
            // onPinned throws first; a JDK that returns false without calling it still gets a clear error
            throw ThreadException.pinned(running(), "the JVM refused to unmount it");
        }
    }

    /** Called inside the yielding thread when the JVM cannot unmount it: the yield fails with this error. */
    @Override
    protected void onPinned(final Continuation.Pinned reason)
    {
        throw ThreadException.pinned(thread, switch (reason)
        {
            case NATIVE -> "a native frame is on its stack (an FFM upcall or JNI call into Java), which the JVM cannot unmount";
            case MONITOR -> "it holds a Java monitor (synchronized); use a Mutex";
            case CRITICAL_SECTION -> "it is inside a JDK critical section";
            default -> "the JVM reports it pinned: " + reason;
        });
    }
}
