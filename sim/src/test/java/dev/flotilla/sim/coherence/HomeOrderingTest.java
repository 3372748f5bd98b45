package dev.flotilla.sim.coherence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.CostModel;
import dev.flotilla.sim.machine.MachineSpec;
import dev.flotilla.sim.machine.Machines;
import org.junit.jupiter.api.Test;

/**
 * The home node's hold on a line (CacheLine's class comment): on the Opterons every miss is ordered at the line's
 * home, which takes the next request only when the last requester's completion is back after every probe's
 * answer. The numbers are worked out by hand from the machine files (amd-8x4: 2.0 GHz, 500 ps a cycle; a link
 * crossing 35 cycles; the zero-link transaction 130; amd-4x4: 2.5 GHz, 400 ps a cycle, 24 a crossing).
 */
class HomeOrderingTest
{
    private static final long T = 1_000_000L;
    private static final long AMD_8X4_CYCLE = 500;
    private static final long AMD_4X4_CYCLE = 400;

    @Test
    void theProbeRoundIsTheRequestTheFarthestProbeAndItsAnswer()
    {
        final CostModel costs = Machines.load("amd-8x4").costModel();
        // package 0 (the home): probes out to a 3-hop node and back, 6 crossings
        assertEquals((130 + 35 * 6) * AMD_8X4_CYCLE, costs.probeRoundPs(1, 0));
        // package 1: 1 crossing to the home, then 3 out to package 3 (or 6, 7) and 2 back
        assertEquals((130 + 35 * (1 + 5)) * AMD_8X4_CYCLE, costs.probeRoundPs(4, 0));
        // package 4: 1 to the home, then 3 out to package 3 (or 7) and 3 back
        assertEquals((130 + 35 * (1 + 6)) * AMD_8X4_CYCLE, costs.probeRoundPs(16, 0));
        assertEquals(35 * AMD_8X4_CYCLE, costs.homeRequestPs(16, 0));
        assertEquals(3 * 35 * AMD_8X4_CYCLE, costs.homeRequestPs(28, 0));
    }

    @Test
    void aSingleUncontendedReadStillCostsTheMachineFilesTransfer()
    {
        try (SimPlatform sim = new SimPlatform(Machines.load("amd-8x4"), 32, SimOptions.DEFAULTS))
        {
            final CacheLine line = new CacheLine(sim, 0);
            assertEquals(0, line.home());
            assertEquals(T + 330 * AMD_8X4_CYCLE, line.readAtPs(28, T), "three hops: HotOS'09's 330 cycles");
            final CacheLine near = new CacheLine(sim, 0);
            assertEquals(T + 130 * AMD_8X4_CYCLE, near.readAtPs(1, T), "the shared L3: 130 cycles");
        }
    }

    @Test
    void readersOfOneLineAreAcceptedOneTransactionAfterAnother()
    {
        try (SimPlatform sim = new SimPlatform(Machines.load("amd-8x4"), 32, SimOptions.DEFAULTS))
        {
            final CacheLine line = new CacheLine(sim, 0);
            // core 1 (package 0): accepted at once, its data after 130; the home is held for its probe round, 340
            assertEquals(T + 130 * AMD_8X4_CYCLE, line.readAtPs(1, T));
            // core 4 (package 1, one hop): accepted at 340, which its request reached 305 after its issue; data 190
            // after that issue: 340 - 35 + 190 = 495; the home is held 340 more, to 680
            assertEquals(T + 495 * AMD_8X4_CYCLE, line.readAtPs(4, T));
            // core 16 (package 4, one hop): accepted at 680, data at 680 - 35 + 190 = 835; held 375 more
            assertEquals(T + 835 * AMD_8X4_CYCLE, line.readAtPs(16, T));
            // core 17 (package 4 too): accepted at 1055, data at 1055 - 35 + 190 = 1210
            assertEquals(T + 1210 * AMD_8X4_CYCLE, line.readAtPs(17, T));
            assertEquals(4, line.transfers());
        }
    }

    @Test
    void linesWithDifferentHomesOrTheSameHomeDoNotSerialiseEachOther()
    {
        try (SimPlatform sim = new SimPlatform(Machines.load("amd-8x4"), 32, SimOptions.DEFAULTS))
        {
            final CacheLine atNodeZero = new CacheLine(sim, 0);
            final CacheLine alsoAtNodeZero = new CacheLine(sim, 2);
            final CacheLine atNodeFour = new CacheLine(sim, 16);
            assertEquals(4, atNodeFour.home());
            assertEquals(T + 190 * AMD_8X4_CYCLE, atNodeZero.readAtPs(4, T));
            assertEquals(T + 190 * AMD_8X4_CYCLE, atNodeFour.readAtPs(20, T), "core 20 is one hop from package 4");
            assertEquals(T + 190 * AMD_8X4_CYCLE, alsoAtNodeZero.readAtPs(5, T),
                "the memory controller orders requests per line: another line of the same home is not held up");
        }
    }

    @Test
    void aWriteWaitsForEveryProbesAnswer()
    {
        try (SimPlatform sim = new SimPlatform(Machines.load("amd-4x4"), 16, SimOptions.DEFAULTS))
        {
            final CacheLine line = new CacheLine(sim, 0);
            // core 4 (package 1) takes the line from core 0: the transfer is 178, but the store completes only when
            // all four nodes have answered: 1 crossing to the home, 2 out to package 2 and 1 on to package 1: 226
            assertEquals(T + 226 * AMD_4X4_CYCLE, line.writeAtPs(4, T));
            // core 8 (package 2) next, issued at the same time: accepted when core 4's completion is back at the
            // home, 24 + 226 = 250; its request took 48, so it waits from 202 on as from an idle home: the transfer
            // from core 4 is 178, its probe round 2 + 2 crossings, 226: done at 428
            assertEquals(T + 428 * AMD_4X4_CYCLE, line.writeAtPs(8, T));
            assertEquals(8, line.owner());
        }
    }

    @Test
    void withoutTheHomeProtocolAMissHoldsTheLineForItsTransferOnly()
    {
        final MachineSpec intel = Machines.load("intel-2x4");
        assertEquals(0, intel.homeLinkCycles(), "the Intel's front-side bus is not the Opterons' protocol");
        try (SimPlatform sim = new SimPlatform(intel, 8, SimOptions.DEFAULTS))
        {
            final CostModel costs = sim.costs();
            final CacheLine line = new CacheLine(sim, 0);
            assertEquals(T + costs.transferPs(0, 4), line.readAtPs(4, T));
            assertEquals(T + costs.transferPs(0, 4) + costs.transferPs(0, 5), line.readAtPs(5, T));
            assertEquals(0, costs.probeRoundPs(4, 0));
        }
    }
}
