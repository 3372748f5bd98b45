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
        if (core == owner || sharers.get(core))
        {
            sim.chargePs(core, costs.l1HitPs());
            return;
        }
        miss(core, costs.transferPs(owner, core));
        sharers.set(core);
    }

    /** {@code core} writes the line (a read-modify-write, as an update of shared state is). */
    public void write(final int core)
    {
        if (core == owner && sharers.isEmpty())
        {
            sim.chargePs(core, costs.l1HitPs());
            return;
        }
        long cost = core == owner || sharers.get(core) ? 0 : costs.transferPs(owner, core);
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
        miss(core, cost);
        owner = core;
        sharers.clear();
    }

    /** Waits for the line to be free, then for the transfer. */
    private void miss(final int core, final long costPs)
    {
        final long start = Math.max(sim.clockPs(core), busyUntilPs);
        busyUntilPs = start + costPs;
        sim.waitUntilPs(core, busyUntilPs);
        transfers++;
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
