package dev.flotilla.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.sim.machine.CostModel;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.urpc.BroadcastChannel;
import dev.flotilla.urpc.BroadcastReceiver;
import org.junit.jupiter.api.Test;

/**
 * What one broadcast message costs on the simulated 8x4-core AMD: every reader's read of the one line is served
 * from the writer's cache, one transaction after another at the line's home (each held until the reader's
 * completion is back after every probe's answer); the writer's next store to a line the readers hold waits for the
 * farthest answer.
 */
class SimBroadcastTimingTest
{
    private static final int READERS = 31;

    private static int[] readerCores()
    {
        final int[] cores = new int[READERS];
        for (int i = 0; i < READERS; i++)
        {
            cores[i] = i + 1;
        }
        return cores;
    }

    @Test
    void readersOfOneLineAreServedOneAfterAnother()
    {
        try (SimPlatform sim = new SimPlatform(Machines.load("amd-8x4"), 32, SimOptions.DEFAULTS))
        {
            final CostModel costs = sim.costs();
            final SimInterconnect interconnect = new SimInterconnect(sim);
            final BroadcastChannel writer = interconnect.createBroadcast(0, readerCores(), 4);
            final BroadcastReceiver[] readers = new BroadcastReceiver[READERS];
            for (int i = 0; i < READERS; i++)
            {
                readers[i] = interconnect.attachBroadcast(i + 1, writer.address(), i);
            }
            assertTrue(writer.trySend(1, new long[] {7}, 0, 1));
            final long visible = costs.sendPs() + costs.l1HitPs(); // the first lap: no reader holds the line yet
            assertEquals(visible, sim.core(0).now);
            for (int i = 0; i < READERS; i++)
            {
                sim.advance(i + 1, visible); // every reader looks the moment the message is there
            }
            long homeFree = 0;
            long held = 0;
            for (int i = 0; i < READERS; i++)
            {
                final int core = i + 1;
                final long[] got = new long[1];
                assertEquals(1, readers[i].poll((from, type, payload, length) -> got[0] = payload[0], 4));
                assertEquals(7, got[0]);
                final long request = costs.homeRequestPs(core, 0);
                final long accepted = Math.max(visible + request, homeFree);
                final long hold = Math.max(costs.transferPs(0, core), costs.probeRoundPs(core, 0));
                homeFree = accepted + hold;
                held += hold;
                assertEquals(accepted - request + costs.transferPs(0, core) + costs.receivePs(), sim.core(core).now,
                    "reader " + i + " was accepted at the home when the " + i + " transactions ahead of it were done");
            }
            assertEquals(visible + held, homeFree, "the home was never idle while a reader waited");
            assertEquals(11_380 * 500, held, "31 probe rounds, each longer than its transfer: the 7 readers in packages 0 "
                + "and 1 at 340 cycles, the 24 in the others at 375 (HomeOrderingTest), 500 ps a cycle");
        }
    }

    @Test
    void theWritersStoreToALineEveryReaderHoldsWaitsForTheFarthestInvalidation()
    {
        try (SimPlatform sim = new SimPlatform(Machines.load("amd-8x4"), 32, SimOptions.DEFAULTS))
        {
            final CostModel costs = sim.costs();
            final SimInterconnect interconnect = new SimInterconnect(sim);
            final BroadcastChannel writer = interconnect.createBroadcast(0, readerCores(), 2);
            final BroadcastReceiver[] readers = new BroadcastReceiver[READERS];
            for (int i = 0; i < READERS; i++)
            {
                readers[i] = interconnect.attachBroadcast(i + 1, writer.address(), i);
            }
            for (int round = 0; round < 2; round++)
            {
                assertTrue(writer.trySend(1, new long[] {round}, 0, 1));
                final long after = sim.core(0).now + 100_000_000L;
                for (int i = 0; i < READERS; i++)
                {
                    sim.advance(i + 1, after);
                    assertEquals(1, readers[i].poll((from, type, payload, length) -> { }, 4));
                    assertEquals(0, readers[i].poll((from, type, payload, length) -> { }, 4)); // caught up: announces
                }
                sim.advance(0, after + 100_000_000L);
            }
            long farthest = 0;
            for (int core = 1; core < 32; core++)
            {
                farthest = Math.max(farthest, costs.transferPs(0, core));
            }
            long farthestPosition = 0;
            for (int core = 1; core < 32; core++)
            {
                farthestPosition = Math.max(farthestPosition, costs.transferPs(core, 0));
            }
            final long before = sim.core(0).now;
            assertTrue(writer.trySend(1, new long[] {2}, 0, 1), "slot 0 again: every reader announced it");
            assertEquals(farthestPosition + costs.sendPs() + Math.max(farthest, costs.probeRoundPs(0, 0)),
                sim.core(0).now - before,
                "the position lines read together, then the store that invalidates all 31 copies of the slot: it "
                    + "waits for every node's answer to the home's probes");
            assertFalse(readers[0].hasPending(), "not before the reader's clock reaches it");
        }
    }

    @Test
    void aReaderJoinsOnceOnItsOwnCore()
    {
        try (SimPlatform sim = new SimPlatform(Machines.load("amd-8x4"), 8, SimOptions.DEFAULTS))
        {
            final SimInterconnect interconnect = new SimInterconnect(sim);
            final BroadcastChannel writer = interconnect.createBroadcast(2, new int[] {4, 5}, 4);
            assertThrows(IllegalArgumentException.class, () -> interconnect.attachBroadcast(5, writer.address(), 0));
            interconnect.attachBroadcast(4, writer.address(), 0);
            assertTrue(assertThrows(IllegalArgumentException.class,
                () -> interconnect.attachBroadcast(4, writer.address(), 0)).getMessage().contains("already joined"));
            assertThrows(IllegalArgumentException.class, () -> interconnect.createBroadcast(2, new int[] {8}, 4));
        }
    }
}
