package dev.flotilla.bench.channels;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The per-thread state of a two-thread benchmark: pins the thread to its CPU for the trial
 * ({@link CpuPinning}) and records at the end where it ran. JMH runs the inherited trial-level
 * set-up and tear-down of a state's superclass, so each thread's state only names its role.
 */
public abstract class PinnedThread
{
    /** The CPU this thread is pinned to, or -1. */
    int cpu = -1;

    /** The role the pin log names, such as {@code produce}. */
    abstract String role();

    @Setup(Level.Trial)
    public void pin(final BenchmarkParams benchmark, final ThreadParams thread)
    {
        cpu = CpuPinning.pin(thread.getSubgroupIndex(), benchmark, role());
    }

    @TearDown(Level.Trial)
    public void checkOut(final BenchmarkParams benchmark)
    {
        CpuPinning.checkOut(cpu, benchmark, role());
    }
}
