package dev.flotilla.sim.machine;

/**
 * What the simulator charges, in virtual picoseconds: a machine's cycle costs converted once at its
 * clock rate, so the event loop does no arithmetic beyond an array load per message. Picoseconds
 * keep a cycle's length exact to a few parts in a thousand at any clock rate the paper's machines
 * had (one cycle at 2.66 GHz is 376 ps); the OS still sees nanoseconds.
 *
 * <p>The model (details and sources in {@code docs/04-simulator.md}):
 * <ul>
 *   <li>a message of k slots costs its sender {@code k x send}, then stalls it for {@code transfer(a, b)}
 *       — the store miss that takes the slots' lines back from the receiver, which read them last time
 *       round the ring; the misses of one message overlap — and is visible to the receiver at once after
 *       the stall (the line is the sender's: nothing is left in flight);</li>
 *   <li>taking a message out of the ring costs the receiver {@code k x receive};</li>
 *   <li>the sender learns that a slot is free {@code transfer(b, a)} after the receiver consumed it
 *       (the acknowledgement is one more line moving back);</li>
 *   <li>each step of a core costs {@code step}, each poll of an empty channel {@code l1Hit};</li>
 *   <li>the kernel's own work, reported through the platform's {@code WorkMeter}: each switch between two
 *       dispatchers costs {@code switch}, each system call {@code syscall}.</li>
 * </ul>
 */
public final class CostModel
{
    private final int cores;
    private final long[] transferPs;
    private final long sendPs;
    private final long receivePs;
    private final long stepPs;
    private final long l1HitPs;
    private final long contextSwitchPs;
    private final long syscallPs;

    CostModel(final MachineSpec spec)
    {
        this.cores = spec.cores();
        this.transferPs = new long[cores * cores];
        for (int a = 0; a < cores; a++)
        {
            for (int b = 0; b < cores; b++)
            {
                transferPs[a * cores + b] = spec.picos(spec.transferCycles(a, b));
            }
        }
        final EndpointCosts costs = spec.costs();
        this.sendPs = spec.picos(costs.send());
        this.receivePs = spec.picos(costs.receive());
        this.stepPs = Math.max(1, spec.picos(costs.step()));
        this.l1HitPs = spec.picos(costs.l1Hit());
        this.contextSwitchPs = spec.picos(costs.contextSwitch());
        this.syscallPs = spec.picos(costs.syscall());
    }

    /** Virtual picoseconds for a cache line to move from {@code from}'s cache to {@code to}'s. */
    public long transferPs(final int from, final int to)
    {
        return transferPs[from * cores + to];
    }

    /** A CPU driver switching from one dispatcher to another. */
    public long contextSwitchPs()
    {
        return contextSwitchPs;
    }

    /** A system call into the CPU driver and back. */
    public long syscallPs()
    {
        return syscallPs;
    }

    /** Sender's cost per slot written. */
    public long sendPs()
    {
        return sendPs;
    }

    /** Receiver's cost per slot taken. */
    public long receivePs()
    {
        return receivePs;
    }

    /**
     * One turn of a core's dispatch loop; at least 1 ps, so that a core's clock advances on every step
     * and a busy core can never stop virtual time.
     */
    public long stepPs()
    {
        return stepPs;
    }

    /** A hit in the core's own L1: an empty poll, or touching a line the core holds. */
    public long l1HitPs()
    {
        return l1HitPs;
    }

    /** Number of cores the model covers. */
    public int cores()
    {
        return cores;
    }
}
