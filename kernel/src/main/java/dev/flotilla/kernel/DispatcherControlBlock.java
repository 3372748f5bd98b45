package dev.flotilla.kernel;

import dev.flotilla.caps.cspace.CSpace;
import java.util.Objects;

/**
 * The CPU driver's record of one dispatcher on its core: its name, its entry point, its CSpace (Barrelfish's
 * {@code dcb->cspace}), and what it has cost so far. Core-confined: only the owning CPU driver reads or
 * writes it, and the CSpace is reachable only through it, so a dispatcher's system calls name
 * capabilities in its own CSpace and nowhere else.
 *
 * <p>The times ({@link #longestDispatchNs()}, {@link #overruns()}) are kept only when the CPU driver was
 * given a clock; without one they stay 0.
 */
public final class DispatcherControlBlock
{
    private final String name;
    private final Upcall upcall;
    private final CSpace cspace;
    /** The base of the dispatcher's DISPATCHER object: the listener its END_POINT capabilities name. */
    private final long listener;
    private long dispatches;
    private long skipped;
    private long work;
    private long overruns;
    private long longestDispatchNs;

    DispatcherControlBlock(final String name, final Upcall upcall, final CSpace cspace, final long listener)
    {
        this.listener = listener;
        this.name = Objects.requireNonNull(name, "name");
        this.upcall = Objects.requireNonNull(upcall, "upcall");
        this.cspace = Objects.requireNonNull(cspace, "cspace");
    }

    /** True if the dispatcher should run in this round: it says it is runnable, or its timer is due. */
    boolean wantsToRun(final long nowNs)
    {
        return upcall.runnable(nowNs) || upcall.wakeupDeadlineNs() <= nowNs;
    }

    int dispatch(final long nowNs)
    {
        dispatches++;
        final int done = upcall.run(nowNs);
        work += done;
        return done;
    }

    void skip()
    {
        skipped++;
    }

    /**
     * Records how long one dispatch took on the CPU driver's clock.
     *
     * @return true if it ran past {@code sliceNs}: an overrun, counted here.
     */
    boolean account(final long elapsedNs, final long sliceNs)
    {
        longestDispatchNs = Math.max(longestDispatchNs, elapsedNs);
        if (elapsedNs > sliceNs)
        {
            overruns++;
            return true;
        }
        return false;
    }

    Upcall upcall()
    {
        return upcall;
    }

    CSpace cspace()
    {
        return cspace;
    }

    long listener()
    {
        return listener;
    }

    /** The dispatcher's name, e.g. {@code monitor}. */
    public String name()
    {
        return name;
    }

    /** How many times the CPU driver ran it. */
    public long dispatches()
    {
        return dispatches;
    }

    /** How many rounds the CPU driver passed it over because it was blocked (not runnable, timer not due). */
    public long skippedWhileBlocked()
    {
        return skipped;
    }

    /** Sum of the work it reported. */
    public long work()
    {
        return work;
    }

    /**
     * How many dispatches ran longer than the CPU driver's time slice. The JVM cannot preempt a dispatcher,
     * so an overrun is only reported: every other dispatcher on the core waited that long.
     */
    public long overruns()
    {
        return overruns;
    }

    /** The longest single dispatch so far, in nanoseconds of the CPU driver's clock; 0 without a clock. */
    public long longestDispatchNs()
    {
        return longestDispatchNs;
    }
}
