package dev.flotilla.sim.coherence;

import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.CostModel;
import java.util.BitSet;

/**
 * One cache line of shared memory on a simulated machine, kept coherent the way the paper's AMD and
 * Intel machines do (MOESI, simplified): at any time one core owns the current data, and any number of
 * others may hold read-only copies. What an access costs is the machine's cache-line transfer between
 * the cores involved — the cost that makes the paper's shared-memory baselines (Fig. 3) stall.
 *
 * <pre>
 *   access        holder state                    what the accessing core waits for
 *   read          owner or sharer                 an L1 hit
 *   read          neither                         transfer(owner, core): the owner's data may be used when it
 *                                                 arrives; core becomes a sharer
 *   write         owner, no sharers               an L1 hit
 *   write         otherwise                       the longest of fetching the data, transfer(owner, core), when
 *                                                 the core has no copy, invalidating every other copy,
 *                                                 transfer(core, holder), in parallel, and the probe round
 *                                                 below: a store needs every probe's answer; core becomes the
 *                                                 only owner
 * </pre>
 *
 * <p><b>The home.</b> The line lives in the memory of the package of the core that created it (first touch: that
 * core allocated and initialised it; the simulator has no address placement). On a machine whose file says
 * {@code coherence home-broadcast LINK} — the Opterons of the paper, which have no probe filter — every miss is a
 * transaction ordered at that home: the request crosses {@code hops(core, home)} links to it; the home broadcasts
 * a probe to every node of the machine (booted or not); every node answers the requester; the requester, once it
 * has every answer, sends a completion (SrcDone) back, and only when that arrives does the home take the next
 * request for the line. So the line is held per miss for the requester's whole transaction,
 * {@code max(what the core waits for, CostModel.probeRoundPs(core, home))} — the request and the completion are
 * the same kind of packet on the same path, so the home's hold, from the request's arrival to the completion's, is
 * exactly the requester's issue-to-last-answer time. A later miss is accepted at
 * {@code max(issue + request trip, homeFree)} and its core waits from then on as it would have from an idle home.
 * Lines never delay each other (the memory controller orders requests per address, and its queue depth, the
 * links' bandwidth and the probe traffic of other lines are not modelled). On a machine without the directive a
 * miss holds the line for exactly what its core waits for — the transfer, a lower bound.
 *
 * <p>Invariants: {@code homeFreePs} never decreases; an uncontended miss costs exactly what the table above says;
 * accesses are made from inside the accessing core's step and are ordered by the simulator's step order, so the
 * order of misses at the home is deterministic.
 *
 * <p>Not thread-safe; like everything on the simulator it lives on the simulation's one thread.
 */
public final class CacheLine
{
    private final SimPlatform sim;
    private final CostModel costs;
    /** The package whose memory controller orders this line's transactions. */
    private final int home;
    private final BitSet sharers = new BitSet();
    private int owner;
    /** When the home takes the next request for the line: the arrival of the last transaction's completion. */
    private long homeFreePs;
    private long transfers;

    /**
     * @param sim   the simulated machine.
     * @param first the core whose cache holds the line first (it allocated and initialised it); its package's
     *              memory is the line's home.
     */
    public CacheLine(final SimPlatform sim, final int first)
    {
        this.sim = sim;
        this.costs = sim.costs();
        if (first < 0 || first >= sim.coreCount())
        {
            throw new IllegalArgumentException("no core " + first + " to hold the line");
        }
        this.owner = first;
        this.home = costs.packageOf(first);
    }

    /** {@code core} reads the line. */
    public void read(final int core)
    {
        if (heldBy(core))
        {
            sim.chargePs(core, costs.l1HitPs());
            return;
        }
        sim.waitUntilPs(core, readAtPs(core, sim.clockPs(core)));
    }

    /** {@code core} writes the line (a read-modify-write, as an update of shared state is). */
    public void write(final int core)
    {
        if (core == owner && sharers.isEmpty())
        {
            sim.chargePs(core, costs.l1HitPs());
            return;
        }
        sim.waitUntilPs(core, writeAtPs(core, sim.clockPs(core)));
    }

    /**
     * {@code core} reads the line at virtual time {@code nowPs}; returns when the data is in its cache and charges
     * nothing, for models that overlap several misses of one core (each line orders its own transactions). A miss
     * leaves the line with its owner, the reader one more sharer; every reader of a line the owner wrote is served
     * from the owner's cache, one transaction after another at the home.
     */
    public long readAtPs(final int core, final long nowPs)
    {
        if (heldBy(core))
        {
            return nowPs + costs.l1HitPs();
        }
        final long done = missAt(core, nowPs, costs.transferPs(owner, core));
        sharers.set(core);
        return done;
    }

    /**
     * {@code core} writes the line at virtual time {@code nowPs}; returns when it owns the line alone, charging
     * nothing (see {@link #readAtPs}). The invalidations of every other copy go out in parallel, as the Opteron's
     * probes are broadcast to every node whatever the sharers: the write waits for the farthest answer.
     */
    public long writeAtPs(final int core, final long nowPs)
    {
        if (core == owner && sharers.isEmpty())
        {
            return nowPs + costs.l1HitPs();
        }
        long cost = heldBy(core) ? 0 : costs.transferPs(owner, core);
        if (owner != core)
        {
            cost = Math.max(cost, costs.transferPs(core, owner));
        }
        for (int holder = sharers.nextSetBit(0); holder >= 0; holder = sharers.nextSetBit(holder + 1))
        {
            if (holder != core)
            {
                cost = Math.max(cost, costs.transferPs(core, holder));
            }
        }
        final long done = missAt(core, nowPs, Math.max(cost, costs.probeRoundPs(core, home)));
        owner = core;
        sharers.clear();
        return done;
    }

    /** Copies of the line besides the owner's. */
    public int sharers()
    {
        return sharers.cardinality() - (sharers.get(owner) ? 1 : 0);
    }

    /**
     * A miss of {@code core} issued at {@code nowPs} that, from an idle home, would end {@code waitPs} later: the home
     * accepts it when its request has arrived and the previous transaction's completion is back, and then holds the
     * line for the whole transaction. Returns when the core has what it waited for.
     */
    private long missAt(final int core, final long nowPs, final long waitPs)
    {
        final long request = costs.homeRequestPs(core, home);
        final long accepted = Math.max(nowPs + request, homeFreePs);
        homeFreePs = accepted + Math.max(waitPs, costs.probeRoundPs(core, home));
        transfers++;
        return accepted - request + waitPs;
    }

    /** The core that owns the current data. */
    public int owner()
    {
        return owner;
    }

    /** The package whose memory is the line's home. */
    public int home()
    {
        return home;
    }

    /** True if {@code core} holds a copy it may read without a miss. */
    public boolean heldBy(final int core)
    {
        return core == owner || sharers.get(core);
    }

    /** Misses served so far: each moved the line or invalidated copies of it. */
    public long transfers()
    {
        return transfers;
    }
}
