package dev.flotilla.kernel;

import dev.flotilla.caps.cspace.CSpace;
import java.util.Objects;

/**
 * The CPU driver's record of one dispatcher on its core: its name, its entry point, its CSpace (Barrelfish's
 * {@code dcb->cspace}), and what it has cost so far. Core-confined: only the owning CPU driver reads or
 * writes it, and the CSpace is reachable only through it, so a dispatcher's system calls name
 * capabilities in its own CSpace and nowhere else.
 */
public final class DispatcherControlBlock
{
    private final String name;
    private final Upcall upcall;
    private final CSpace cspace;
    private long dispatches;
    private long work;

    DispatcherControlBlock(final String name, final Upcall upcall, final CSpace cspace)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.upcall = Objects.requireNonNull(upcall, "upcall");
        this.cspace = Objects.requireNonNull(cspace, "cspace");
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

    CSpace cspace()
    {
        return cspace;
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
