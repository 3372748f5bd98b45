package dev.flotilla.platform;

/**
 * A single-threaded unit of OS work that a core steps: a CPU driver, and through it a monitor,
 * services and dispatchers.
 *
 * <p>The platform calls {@link #doWork(long)} in a duty cycle on the agent's core, and only there.
 * An agent never blocks, never starts a thread and never reads a clock: the current time comes in
 * as {@code nowNs}, and when there is nothing to do it returns 0 so that the platform can spin, then
 * park the core until a message or {@link #wakeupDeadlineNs()} arrives. This contract is what lets
 * the same agent run on a pinned thread and on the simulator's virtual-time event loop.
 */
public interface Agent
{
    /**
     * Does a bounded amount of work.
     *
     * @param nowNs the platform's current time (monotonic or virtual) in nanoseconds.
     * @return how much work was done; 0 means the agent is idle and the core may park.
     */
    int doWork(long nowNs);

    /** A name for thread dumps and reports, such as {@code core-3-kernel}. */
    String roleName();

    /**
     * The earliest platform time at which this agent must run again even if no message arrives
     * (a timer); {@link Long#MAX_VALUE} when it only needs to run on messages.
     */
    default long wakeupDeadlineNs()
    {
        return Long.MAX_VALUE;
    }

    /** True once the agent has halted; the platform then stops stepping it and calls {@link #onClose()}. */
    boolean isHalted();

    /** Called once on the agent's core after it halted. */
    default void onClose()
    {
    }
}
