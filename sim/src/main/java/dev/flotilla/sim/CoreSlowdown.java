package dev.flotilla.sim;

/**
 * An injected fault: one core runs slowly, or not at all, for a stretch of virtual time — a core taken
 * by an interrupt storm, a hypervisor, a thermal limit. Messages to it wait in its rings; channels stay
 * reliable and FIFO, as URPC is.
 *
 * @param core    the core affected.
 * @param fromNs  virtual time the fault begins.
 * @param untilNs virtual time it ends (exclusive).
 * @param factor  how many times slower every cost of the core is; 0 means stalled: the core takes no
 *                step that would begin inside the window, and resumes at {@code untilNs}.
 */
public record CoreSlowdown(int core, long fromNs, long untilNs, int factor)
{
    public CoreSlowdown
    {
        if (core < 0)
        {
            throw new IllegalArgumentException("core must not be negative, was " + core);
        }
        if (fromNs < 0 || untilNs <= fromNs)
        {
            throw new IllegalArgumentException("a slowdown needs 0 <= from < until, was " + fromNs + ".." + untilNs);
        }
        if (factor < 0)
        {
            throw new IllegalArgumentException("factor must be 0 (stalled) or more, was " + factor);
        }
    }

    /** True if the core does nothing at all during the window. */
    public boolean stalls()
    {
        return factor == 0;
    }

    /** True if the window covers virtual time {@code t}. */
    boolean covers(final long t)
    {
        return t >= fromNs && t < untilNs;
    }
}
