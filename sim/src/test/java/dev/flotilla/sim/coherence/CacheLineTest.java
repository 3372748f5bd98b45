package dev.flotilla.sim.coherence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.platform.Agent;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.CostModel;
import dev.flotilla.sim.machine.Machines;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/** What touching a shared line costs, alone and under contention, on the paper's 4x4-core AMD. */
class CacheLineTest
{
    /** An idle agent on every core that runs one action when its core is woken. */
    private static final class Probes
    {
        private final SimPlatform sim;
        private final IntConsumer[] pending;
        private final long[] took;

        Probes(final SimPlatform sim)
        {
            this.sim = sim;
            this.pending = new IntConsumer[sim.coreCount()];
            this.took = new long[sim.coreCount()];
            for (int core = 0; core < sim.coreCount(); core++)
            {
                final int id = core;
                sim.startCore(core, new Agent()
                {
                    @Override
                    public int doWork(final long nowNs)
                    {
                        if (pending[id] == null)
                        {
                            return 0;
                        }
                        final long before = sim.clockPs(id);
                        pending[id].accept(id);
                        pending[id] = null;
                        took[id] = sim.clockPs(id) - before;
                        return 1;
                    }

                    @Override
                    public String roleName()
                    {
                        return "probe-" + id;
                    }

                    @Override
                    public boolean isHalted()
                    {
                        return false;
                    }
                });
            }
            sim.awaitHalt(1_000_000);
        }

        /** Runs {@code body} inside a step of {@code core}; returns the picoseconds it took. */
        long timed(final int core, final IntConsumer body)
        {
            pending[core] = body;
            sim.wakeup(core).wake();
            sim.awaitHalt(1_000_000_000L);
            return took[core];
        }
    }

    @Test
    void missesCostTheTransferBetweenTheCoresAndHitsAnL1Access()
    {
        final SimPlatform sim = new SimPlatform(Machines.load("amd-4x4"), 16, SimOptions.DEFAULTS);
        final CostModel costs = sim.costs();
        final CacheLine line = new CacheLine(sim, 0);
        final Probes probes = new Probes(sim);
        assertEquals(costs.l1HitPs(), probes.timed(0, line::write), "the home core owns it");
        assertEquals(costs.transferPs(0, 8), probes.timed(8, line::read), "two hops away");
        assertTrue(line.heldBy(8) && line.heldBy(0), "the owner keeps its copy; the reader shares it");
        assertEquals(costs.l1HitPs(), probes.timed(8, line::read), "a shared copy reads locally");
        assertEquals(Math.max(costs.transferPs(4, 0), costs.probeRoundPs(4, line.home())), probes.timed(4, line::write),
            "a writer with no copy fetches from the owner and invalidates the sharer at the same time, and completes "
                + "when every node has answered the home's probe");
        assertEquals(4, line.owner());
        assertFalse(line.heldBy(0) || line.heldBy(8), "every other copy was invalidated");
        assertEquals(2, line.transfers(), "one read miss, one write miss; hits move nothing");
        sim.close();
    }

    @Test
    void onlyTheSteppingCoreCanSpendTime()
    {
        final SimPlatform sim = new SimPlatform(Machines.load("amd-4x4"), 16, SimOptions.DEFAULTS);
        final CacheLine line = new CacheLine(sim, 0);
        assertThrows(IllegalStateException.class, () -> line.write(3), "not inside core 3's step");
        assertThrows(IllegalArgumentException.class, () -> new CacheLine(sim, 16));
        sim.close();
    }

    @Test
    void contendedUpdatesCostMoreWithEveryCoreThatContends()
    {
        long previous = 0;
        for (final int cores : new int[] {2, 4, 8, 16})
        {
            final long perUpdate = contendedUpdatePs(cores);
            assertTrue(perUpdate > previous, cores + " cores: " + perUpdate + " ps per update, after " + previous);
            previous = perUpdate;
        }
        final CostModel costs = Machines.load("amd-4x4").costModel();
        assertTrue(previous >= 15 * costs.transferPs(0, 1), "16 contenders queue for the line: " + previous + " ps");
    }

    /** Mean virtual time per update when {@code cores} cores update one line for 100 us. */
    private static long contendedUpdatePs(final int cores)
    {
        final SimPlatform sim = new SimPlatform(Machines.load("amd-4x4"), 16, SimOptions.DEFAULTS);
        final CacheLine line = new CacheLine(sim, 0);
        final long endPs = 100_000_000L;
        final long[] updates = new long[1];
        for (int core = 0; core < cores; core++)
        {
            final int id = core;
            sim.startCore(core, new Agent()
            {
                @Override
                public int doWork(final long nowNs)
                {
                    line.write(id);
                    updates[0]++;
                    return 1;
                }

                @Override
                public String roleName()
                {
                    return "updater-" + id;
                }

                @Override
                public boolean isHalted()
                {
                    return sim.clockPs(id) >= endPs;
                }
            });
        }
        assertTrue(sim.awaitHalt(1_000_000_000L));
        sim.close();
        return endPs * cores / updates[0];
    }
}
