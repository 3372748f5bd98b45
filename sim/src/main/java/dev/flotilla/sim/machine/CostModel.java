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
 *       dispatchers costs {@code switch}, each system call {@code syscall};</li>
 *   <li>on a machine with {@code coherence home-broadcast LINK} (the Opterons), the shared-memory model's
 *       transactions ({@code coherence.CacheLine}): a miss's request travels {@code LINK x hops} to the line's
 *       home, and the whole transaction, up to the last probe response reaching the requester, takes
 *       {@link #probeRoundPs}.</li>
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
    private final int packages;
    private final int[] packageOf;
    /** [core * packages + home package]: the request's trip to the home, one way; all 0 without a home protocol. */
    private final long[] homeRequestPs;
    /** [core * packages + home package]: issue to the last probe response; all 0 without a home protocol. */
    private final long[] probeRoundPs;

    CostModel(final MachineSpec spec)
    {
        this.cores = spec.cores();
        this.packages = spec.packages();
        this.packageOf = new int[cores];
        final int[] firstCore = new int[packages];
        for (int core = cores - 1; core >= 0; core--)
        {
            packageOf[core] = spec.packageOf(core);
            firstCore[packageOf[core]] = core;
        }
        this.homeRequestPs = new long[cores * packages];
        this.probeRoundPs = new long[cores * packages];
        final long link = spec.homeLinkCycles();
        if (link > 0)
        {
            final long base = zeroLinkTransactionCycles(spec, link);
            for (int core = 0; core < cores; core++)
            {
                for (int home = 0; home < packages; home++)
                {
                    final int toHome = spec.hops(core, firstCore[home]);
                    int farthestProbe = 0;
                    for (int node = 0; node < packages; node++)
                    {
                        farthestProbe = Math.max(farthestProbe,
                            spec.hops(firstCore[home], firstCore[node]) + spec.hops(firstCore[node], core));
                    }
                    homeRequestPs[core * packages + home] = spec.picos(link * toHome);
                    probeRoundPs[core * packages + home] = spec.picos(base + link * (toHome + farthestProbe));
                }
            }
        }
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

    /**
     * The fixed part of a coherence transaction, crossing no link: the machine's cheapest transfer between two cores
     * of one package (request, ordering at the home, probe, lookup and response all inside the package). Without such
     * a pair, the cheapest transfer less its request's and data's link crossings.
     */
    private static long zeroLinkTransactionCycles(final MachineSpec spec, final long link)
    {
        long inPackage = Long.MAX_VALUE;
        long acrossLinks = Long.MAX_VALUE;
        for (int a = 0; a < spec.cores(); a++)
        {
            for (int b = 0; b < spec.cores(); b++)
            {
                if (spec.samePackage(a, b))
                {
                    inPackage = Math.min(inPackage, spec.transferCycles(a, b));
                }
                else if (a != b)
                {
                    acrossLinks = Math.min(acrossLinks, Math.max(0, spec.transferCycles(a, b) - 2 * link * spec.hops(a, b)));
                }
            }
        }
        return inPackage != Long.MAX_VALUE ? inPackage : acrossLinks != Long.MAX_VALUE ? acrossLinks : 0;
    }

    /** The package {@code core} is in: under the home-broadcast protocol, a line's home is a package's memory. */
    public int packageOf(final int core)
    {
        return packageOf[core];
    }

    /**
     * Virtual picoseconds for {@code core}'s coherent request (or its completion message, the same kind of packet on
     * the same path) to reach the memory controller of package {@code home}: one link crossing per hop; 0 on a
     * machine without {@code coherence home-broadcast}.
     */
    public long homeRequestPs(final int core, final int home)
    {
        return homeRequestPs[core * packages + home];
    }

    /**
     * Virtual picoseconds from {@code core} issuing a miss on a line homed at package {@code home} to its having every
     * probe response: the zero-link transaction, plus the request's crossings to the home, plus the worst probe's
     * crossings from the home to a node and that node's response on to the requester (the home broadcasts to every
     * node and the requester waits for all). 0 on a machine without {@code coherence home-broadcast}.
     */
    public long probeRoundPs(final int core, final int home)
    {
        return probeRoundPs[core * packages + home];
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
