package dev.flotilla.sim;

/**
 * The simulator's unit of time: the picosecond. Costs of a few cycles stay exact to within a few
 * parts in a thousand (one cycle at 2.66 GHz is 376 ps), while the OS, through {@code NanoClock}
 * and {@code doWork(nowNs)}, keeps seeing nanoseconds. A long of picoseconds spans 106 days.
 */
final class VirtualTime
{
    /** Picoseconds per nanosecond. */
    static final long PS_PER_NS = 1000;

    private VirtualTime()
    {
    }

    /** Nanoseconds to picoseconds; saturates at {@link Long#MAX_VALUE} ("never"). */
    static long ps(final long ns)
    {
        return ns >= Long.MAX_VALUE / PS_PER_NS ? Long.MAX_VALUE : ns * PS_PER_NS;
    }

    /** Picoseconds to whole nanoseconds, rounding down, so a clock read never runs ahead of the model. */
    static long ns(final long ps)
    {
        return ps / PS_PER_NS;
    }
}
