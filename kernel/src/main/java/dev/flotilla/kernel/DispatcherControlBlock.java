package dev.flotilla.kernel;

import java.util.Objects;

/**
 * The CPU driver's record of one dispatcher on its core: its name, its entry point, and what it has
 * cost so far. Core-confined: only the owning CPU driver reads or writes it.
 */
public final class DispatcherControlBlock
{
    private final String name;
    private final Upcall upcall;
    private long dispatches;
    private long work;

    DispatcherControlBlock(final String name, final Upcall upcall)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.upcall = Objects.requireNonNull(upcall, "upcall");
    }

    int dispatch(final long nowNs)
    {
        dispatches++;
        final int done = upcall.run(nowNs);
        work += done;
        return done;
    }

    Upcall upcall()
    {
        return upcall;
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

    /** Sum of the work it reported. */
    public long work()
    {
        return work;
    }
}
