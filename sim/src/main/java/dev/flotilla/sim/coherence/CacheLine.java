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
 *   access        holder state                    cost (charged to the accessing core)
 *   read          owner or sharer                 an L1 hit
 *   read          neither                         transfer(owner, core); core becomes a sharer
 *   write         owner, no sharers               an L1 hit
 *   write         otherwise                       the longer of fetching the data, transfer(owner, core),
 *                                                 when the core has no copy, and invalidating every other
 *                                                 copy, transfer(core, holder), in parallel; core becomes
 *                                                 the only owner
 * </pre>
 *
 * <p>One line moves one transfer at a time: a miss begins when the previous miss on the line has
 * completed ({@code busyUntil}), so cores that contend for a line queue for it and each update costs
 * about as many transfers as there are contenders — the effect Fig. 3 measures. Accesses are made from
 * inside the accessing core's step and are ordered by the simulator's step order.
 *
 * <p>Not thread-safe; like everything on the simulator it lives on the simulation's one thread.
 */
public final class CacheLine
{
    private final SimPlatform sim;
    private final CostModel costs;
    private final BitSet sharers = new BitSet();
    private int owner;
    private long busyUntilPs;
    private long transfers;

    /**
     * @param sim  the simulated machine.
     * @param home the core whose cache holds the line first (it allocated and initialised it).
     */
    public CacheLine(final SimPlatform sim, final int home)
    {
        this.sim = sim;
        this.costs = sim.costs();
        if (home < 0 || home >= sim.coreCount())
        {
            throw new IllegalArgumentException("no core " + home + " to hold the line");
        }
        this.owner = home;
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
     * nothing, for models that overlap several misses of one core (each line queues its own transfers). A miss
     * leaves the line with its owner, the reader one more sharer; every reader of a line the owner wrote is served
     * from the owner's cache, one transfer after another.
     */
    public long readAtPs(final int core, final long nowPs)
    {
        if (heldBy(core))
        {
            return nowPs + costs.l1HitPs();
        }
        final long done = missAt(nowPs, costs.transferPs(owner, core));
        sharers.set(core);
        return done;
    }

    /**
     * {@code core} writes the line at virtual time {@code nowPs}; returns when it owns the line alone, charging
     * nothing (see {@link #readAtPs}). The invalidations of every other copy go out in parallel, as the Opteron's
     * probes are broadcast to every node whatever the sharers: the write waits for the farthest.
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
        final long done = missAt(nowPs, cost);
        owner = core;
        sharers.clear();
        return done;
    }

    /** Copies of the line besides the owner's. */
    public int sharers()
    {
        return sharers.cardinality() - (sharers.get(owner) ? 1 : 0);
    }

    /** A miss issued at {@code nowPs}: it waits for the line to be free, then for the transfer; returns its end. */
    private long missAt(final long nowPs, final long costPs)
    {
        final long start = Math.max(nowPs, busyUntilPs);
        busyUntilPs = start + costPs;
        transfers++;
        return busyUntilPs;
    }

    /** The core that owns the current data. */
    public int owner()
    {
        return owner;
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
