package dev.flotilla.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.sim.machine.CostModel;
import dev.flotilla.sim.machine.MachineSpec;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelSetup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a simulated message becomes visible, when its slot becomes free again, and what round trips cost. */
class SimChannelTimingTest
{
    private static final MachineSpec AMD_8X4 = Machines.load("amd-8x4");

    @Test
    void aMessageIsInvisibleUntilItsTransferHasElapsed()
    {
        final SimPlatform sim = new SimPlatform(AMD_8X4, 8, SimOptions.DEFAULTS);
        final CostModel costs = sim.costs();
        final SimInterconnect interconnect = new SimInterconnect(sim);
        final ChannelSetup setup = interconnect.create(0, 4, 2);
        final Channel receiver = interconnect.attach(4, setup.descriptor());
        assertTrue(setup.local().trySend(1, 7L));
        final long arrival = costs.sendPs() + costs.transferPs(0, 4);
        sim.advance(4, arrival - 1);
        assertFalse(receiver.hasPending(), "one ns before the line could have crossed");
        assertEquals(0, receiver.poll((c, t, p, n) -> { }, 10));
        sim.advance(4, arrival);
        assertTrue(receiver.hasPending());
        assertEquals(1, receiver.poll((c, t, p, n) -> assertEquals(7L, p[0]), 10));
        sim.close();
    }

    @Test
    void aSlotIsFreeToTheSenderOnlyOnceTheAcknowledgementHasCrossedBack()
    {
        final SimPlatform sim = new SimPlatform(AMD_8X4, 8, SimOptions.DEFAULTS);
        final CostModel costs = sim.costs();
        final SimInterconnect interconnect = new SimInterconnect(sim);
        final ChannelSetup setup = interconnect.create(0, 4, 2);
        final Channel sender = setup.local();
        final Channel receiver = interconnect.attach(4, setup.descriptor());
        assertTrue(sender.trySend(1, 1L));
        assertTrue(sender.trySend(1, 2L));
        assertFalse(sender.trySend(1, 3L), "two slots, both in flight");
        sim.advance(4, 1_000_000);
        assertEquals(2, receiver.poll((c, t, p, n) -> { }, 10));
        final long freed = 1_000_000 + costs.receivePs() + costs.transferPs(4, 0);
        sim.advance(0, freed - 1);
        assertFalse(sender.trySend(1, 3L), "the receiver took it, but the sender cannot know yet");
        sim.advance(0, freed);
        assertTrue(sender.trySend(1, 3L), "the acknowledgement arrived");
        assertEquals(2, sender.counters().fullRingStalls());
        sim.close();
    }

    @Test
    void jitterDelaysMessagesButNeverReordersThem()
    {
        final SimPlatform sim = new SimPlatform(AMD_8X4, 32, SimOptions.seeded(3).withJitterNs(5_000));
        final SimInterconnect interconnect = new SimInterconnect(sim);
        final ChannelSetup setup = interconnect.create(0, 31, 8);
        final Channel receiver = interconnect.attach(31, setup.descriptor());
        final List<Long> got = new ArrayList<>();
        final List<Long> seenAt = new ArrayList<>();
        long sent = 0;
        long t = 0;
        while (got.size() < 10_000)
        {
            t += 700_000;
            sim.advance(0, t);
            while (sent < 10_000 && setup.local().trySend(1, sent))
            {
                sent++;
            }
            sim.advance(31, t);
            receiver.poll((c, type, p, n) ->
            {
                got.add(p[0]);
                seenAt.add(sim.core(31).now);
            }, 3);
        }
        for (int i = 0; i < got.size(); i++)
        {
            assertEquals(i, got.get(i), "FIFO despite jitter");
        }
        final long spread = seenAt.get(seenAt.size() - 1) - seenAt.getFirst();
        assertTrue(spread > 0);
        sim.close();
    }

    @Test
    void roundTripsGrowWithDistanceAsTheMachineFileSays()
    {
        final long shared = SimPlatformTest.roundTrip(SimOptions.DEFAULTS, 0, 1)[5];
        final long oneHop = SimPlatformTest.roundTrip(SimOptions.DEFAULTS, 0, 4)[5];
        final long twoHops = SimPlatformTest.roundTrip(SimOptions.DEFAULTS, 0, 8)[5];
        final long threeHops = SimPlatformTest.roundTrip(SimOptions.DEFAULTS, 0, 24)[5];
        assertTrue(shared < oneHop && oneHop < twoHops && twoHops < threeHops,
            shared + " < " + oneHop + " < " + twoHops + " < " + threeHops);
        final CostModel costs = AMD_8X4.costModel();
        assertEquals(2 * (costs.transferPs(0, 4) - costs.transferPs(0, 1)), oneHop - shared,
            "a round trip crosses the difference twice");
    }

    /** Table 2's URPC round trips between the closest cores of each machine, and the Intel's non-shared pair. */
    @ParameterizedTest
    @CsvSource({"amd-8x4, 0, 1, 538", "amd-4x4, 0, 1, 448", "amd-2x2, 0, 1, 450", "intel-2x4, 0, 1, 180",
        "intel-2x4, 0, 2, 570", "intel-2x4, 0, 4, 570", "amd-4x4, 0, 4, 545", "amd-4x4, 0, 8, 558",
        "amd-2x2, 0, 2, 532"})
    void calibratedRoundTripsMatchThePaperWithinTwoPercent(final String machine, final int a, final int b,
        final long paperCycles)
    {
        final MachineSpec spec = Machines.load(machine);
        final long ps = SimPlatformTest.roundTrip(spec, SimOptions.DEFAULTS, a, b, 10)[5];
        final double cycles = ps * spec.clockGhz() / 1000;
        assertTrue(Math.abs(cycles - paperCycles) <= 0.02 * paperCycles,
            machine + " " + a + "<->" + b + ": simulated " + cycles + " cycles, paper " + paperCycles);
    }
}
