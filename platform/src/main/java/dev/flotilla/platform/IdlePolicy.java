package dev.flotilla.platform;

/**
 * How a core waits when its agents are idle: poll, then block (the paper's §4 policy: poll for
 * about the cost of a block-and-wake, then block and let the next message wake the core).
 *
 * @param spinNs    how long a core keeps polling after its last useful work before it parks;
 *                  {@link Long#MAX_VALUE} means it never parks (busy spin).
 * @param maxParkNs the longest a core parks before it polls again even without a wake-up; a safety
 *                  net only, since wake-ups are never lost.
 */
public record IdlePolicy(long spinNs, long maxParkNs)
{
    /** Poll for 20 µs — a few block-and-wake costs on Linux — then park for up to 100 ms. */
    public static final IdlePolicy POLL_THEN_BLOCK = new IdlePolicy(20_000, 100_000_000);

    /** Never park: lowest latency, one busy CPU per core. */
    public static final IdlePolicy BUSY_SPIN = new IdlePolicy(Long.MAX_VALUE, 0);

    public IdlePolicy
    {
        if (spinNs < 0)
        {
            throw new IllegalArgumentException("spinNs must be >= 0, was " + spinNs);
        }
        if (spinNs != Long.MAX_VALUE && maxParkNs <= 0)
        {
            throw new IllegalArgumentException("maxParkNs must be > 0 for a core that parks, was " + maxParkNs);
        }
    }

    /** True if a core under this policy never parks, so nobody needs to wake it. */
    public boolean neverParks()
    {
        return spinNs == Long.MAX_VALUE;
    }
}
