package dev.flotilla.runtime;

import dev.flotilla.kernel.CpuDriver;

/**
 * What one core's CPU driver counted by the time it halted: its steps, its dispatches, and how they
 * measured against its time slice. The CPU driver cannot preempt a dispatcher, so an overrun is a
 * dispatch that kept every other dispatcher of its core waiting longer than a slice; on the simulator
 * every time here is virtual.
 *
 * @param core                the core.
 * @param steps               how many times the platform stepped the CPU driver.
 * @param dispatches          dispatcher upcalls run, of every dispatcher (those that exited included).
 * @param skippedWhileBlocked times a blocked dispatcher was passed over in a round.
 * @param timeSliceNs         the slice each dispatch was timed against.
 * @param overruns            dispatches that ran longer than the slice.
 * @param longestDispatchNs   the longest single dispatch.
 */
public record KernelCounts(int core, long steps, long dispatches, long skippedWhileBlocked, long timeSliceNs,
    long overruns, long longestDispatchNs)
{
    /**
     * The counts of {@code kernel}; read only once its core has halted (host side, after the platform
     * published the halt), since the counters are the core's own.
     */
    static KernelCounts of(final CpuDriver kernel)
    {
        return new KernelCounts(kernel.core(), kernel.steps(), kernel.dispatches(), kernel.skippedWhileBlocked(),
            kernel.timeSliceNs(), kernel.overruns(), kernel.longestDispatchNs());
    }
}
