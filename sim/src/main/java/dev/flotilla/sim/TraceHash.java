package dev.flotilla.sim;

/**
 * A running 64-bit hash of everything the simulation did: every core step (its start time, core and
 * the work it reported) and every message delivery (time, receiving core, type and length). Equal
 * hashes mean, with overwhelming likelihood, equal traces; the boot report prints it so that two runs
 * can be compared, and a failing run replayed, by one number.
 *
 * <p>The mixing function is MurmurHash3's 64-bit finaliser applied per record, which makes the hash
 * depend on the order of records, not only on their set.
 */
final class TraceHash
{
    /** A core took a step. */
    static final int STEP = 1;
    /** A message was delivered to a handler. */
    static final int DELIVERY = 2;

    private long hash;
    private long records;

    /**
     * @param timePs virtual time of the event, in picoseconds.
     * @param core   the core it happened on.
     * @param kind   {@link #STEP} or {@link #DELIVERY}.
     * @param detail what happened: the work of a step; type and length of a message (below 2^40).
     */
    void record(final long timePs, final int core, final int kind, final long detail)
    {
        long h = mix(hash + timePs);
        h = mix(h ^ (((long)core << 48) ^ ((long)kind << 40) ^ detail));
        hash = h;
        records++;
    }

    /** The hash so far. */
    long value()
    {
        return hash;
    }

    /** Records so far. */
    long records()
    {
        return records;
    }

    private static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
