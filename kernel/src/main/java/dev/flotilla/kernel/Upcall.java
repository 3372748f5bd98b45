package dev.flotilla.kernel;

/**
 * A dispatcher's entry point as its CPU driver sees it: Barrelfish's "run" upcall. The CPU driver
 * calls {@link #run(long)} when it dispatches the dispatcher; the dispatcher does a bounded amount
 * of work (its user-level threads, its channels) and returns, since the kernel is non-preemptible
 * and every other dispatcher on the core waits meanwhile.
 *
 * <p><b>Blocked dispatchers.</b> Before each dispatch the CPU driver asks {@link #runnable(long)}; a
 * dispatcher that answers false is skipped in that round (Barrelfish's dispatcher that called
 * {@code sys_yield} with no {@code haswork}, taken off the run queue). It is woken in one of two ways:
 * it answers true again — a message arrived on one of its channels, so the platform stepped the core,
 * and the dispatcher's check sees it — or its {@link #wakeupDeadlineNs()} is due, which the CPU driver
 * checks itself so that a dispatcher need not compare times in {@code runnable}.
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

    /**
     * Whether the dispatcher has anything to do now: a runnable thread, a message waiting on a channel it
     * reads, a send to retry. False means blocked: the CPU driver skips it until this answers true again or
     * {@link #wakeupDeadlineNs()} is at or before {@code nowNs}. It must be cheap and must not change state,
     * since it is asked once per round; the default, true, dispatches it every round as before.
     */
    default boolean runnable(final long nowNs)
    {
        return true;
    }

    /** True once the dispatcher has exited; the CPU driver then removes it from its run queue. */
    boolean hasExited();
}
