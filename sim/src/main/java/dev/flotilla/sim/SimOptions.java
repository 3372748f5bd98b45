package dev.flotilla.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * What a simulation run is given besides its machine: the seed of every choice the simulator makes
 * where real hardware has freedom, and the faults to inject.
 *
 * <p>Two runs with equal options, machine and OS input produce the same event trace, and so the same
 * trace hash. The seed decides the order of simultaneous events and the jitter drawn for each message.
 *
 * @param seed       the seed; {@value #DEFAULT_SEED} unless chosen ({@code --seed N}).
 * @param jitterNs   each message's flight time is lengthened by a seeded draw from 0..jitterNs; FIFO
 *                   order per channel is kept (a message never overtakes the one before it).
 * @param slowdowns  cores made slow or stalled for a while.
 */
public record SimOptions(long seed, long jitterNs, List<CoreSlowdown> slowdowns)
{
    /** The seed when none is given. */
    public static final long DEFAULT_SEED = 1;

    /** No faults, the default seed. */
    public static final SimOptions DEFAULTS = new SimOptions(DEFAULT_SEED, 0, List.of());

    public SimOptions
    {
        if (jitterNs < 0)
        {
            throw new IllegalArgumentException("jitter must not be negative, was " + jitterNs);
        }
        slowdowns = List.copyOf(slowdowns);
    }

    /** No faults, with the given seed. */
    public static SimOptions seeded(final long seed)
    {
        return new SimOptions(seed, 0, List.of());
    }

    /** The same options with message jitter of up to {@code ns}. */
    public SimOptions withJitterNs(final long ns)
    {
        return new SimOptions(seed, ns, slowdowns);
    }

    /** The same options with {@code core} stalled from {@code fromNs} until {@code untilNs}. */
    public SimOptions withStall(final int core, final long fromNs, final long untilNs)
    {
        return withSlowdown(new CoreSlowdown(core, fromNs, untilNs, 0));
    }

    /** The same options with one more slowdown. */
    public SimOptions withSlowdown(final CoreSlowdown slowdown)
    {
        final List<CoreSlowdown> more = new ArrayList<>(slowdowns);
        more.add(slowdown);
        return new SimOptions(seed, jitterNs, more);
    }
}
