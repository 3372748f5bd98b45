package dev.flotilla.kernel;

/**
 * A dispatcher's entry point as its CPU driver sees it: Barrelfish's "run" upcall. The CPU driver
 * calls {@link #run(long)} when it dispatches the dispatcher; the dispatcher does a bounded amount
 * of work (its user-level threads, its channels) and returns, since the kernel is non-preemptible
 * and every other dispatcher on the core waits meanwhile.
 */
public interface Upcall
{
    /**
     * Runs the dispatcher for one bounded step.
     *
     * @return how much work it did; 0 when it had nothing to do.
     */
    int run(long nowNs);

    /** The earliest time this dispatcher needs to run even without messages; {@link Long#MAX_VALUE} if none. */
    default long wakeupDeadlineNs()
    {
        return Long.MAX_VALUE;
    }

    /** True once the dispatcher has exited; the CPU driver then removes it from its run queue. */
    boolean hasExited();
}
