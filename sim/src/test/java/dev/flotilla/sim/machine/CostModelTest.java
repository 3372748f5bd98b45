package dev.flotilla.sim.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The cost model orders latencies as the machine files say: same package, then one hop, then two, then three. */
class CostModelTest
{
    @Test
    void theEightSocketAmdOrdersSharedCacheBeforeOneTwoAndThreeHops()
    {
        final MachineSpec spec = Machines.load("amd-8x4");
        final CostModel costs = spec.costModel();
        assertEquals(130, spec.transferCycles(0, 1), "another core's cache (HotOS'09 Table 1)");
        assertEquals(190, spec.transferCycles(0, 4), "one hop");
        assertEquals(260, spec.transferCycles(0, 8), "two hops");
        assertEquals(330, spec.transferCycles(0, 24), "three hops: two, plus 70 per further hop");
        assertTrue(costs.transferPs(0, 1) < costs.transferPs(0, 4));
        assertTrue(costs.transferPs(0, 4) < costs.transferPs(0, 8));
        assertTrue(costs.transferPs(0, 8) < costs.transferPs(0, 24));
        assertEquals(65_000, costs.transferPs(0, 1), "130 cycles at 2 GHz, in picoseconds");
        assertEquals(0, costs.transferPs(5, 5));
    }

    @Test
    void everyPairOfEveryShippedMachineCostsWhatItsClassSays()
    {
        for (final String name : Machines.BUILT_IN)
        {
            final MachineSpec spec = Machines.load(name);
            final CostModel costs = spec.costModel();
            for (int a = 0; a < spec.cores(); a++)
            {
                for (int b = 0; b < spec.cores(); b++)
                {
                    assertEquals(costs.transferPs(a, b), costs.transferPs(b, a), name + ": symmetric");
                    if (a != b)
                    {
                        final long sameClass = spec.transferCycles(0, partner(spec, spec.proximity(a, b), spec.hops(a, b)));
                        assertEquals(sameClass, spec.transferCycles(a, b), name + " " + a + "->" + b);
                        assertTrue(spec.transferCycles(a, b) > 0, name + ": moving a line costs something");
                    }
                }
            }
        }
    }

    @Test
    void fartherIsNeverCheaperOnTheShippedAndGenericMachines()
    {
        for (final String name : new String[] {"amd-2x2", "amd-4x4", "amd-8x4", "intel-2x4", "generic:64x8",
            "generic:128x16"})
        {
            final MachineSpec spec = Machines.load(name);
            long previous = spec.transferCycles(0, 1);
            for (int hop = 1; hop <= spec.diameter(); hop++)
            {
                final long cost = spec.transferCycles(0, partner(spec, Proximity.REMOTE, hop));
                assertTrue(cost > previous || name.startsWith("intel"), name + ": " + hop + " hops");
                assertTrue(cost >= previous, name + ": " + hop + " hops");
                previous = cost;
            }
        }
    }

    /** A core at the given proximity and hop distance from core 0. */
    private static int partner(final MachineSpec spec, final Proximity proximity, final int hops)
    {
        for (int core = 1; core < spec.cores(); core++)
        {
            if (spec.proximity(0, core) == proximity && spec.hops(0, core) == hops)
            {
                return core;
            }
        }
        throw new AssertionError("no core at " + proximity + ", " + hops + " hops from core 0 in " + spec.name());
    }
}
