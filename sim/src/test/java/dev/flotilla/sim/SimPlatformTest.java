package dev.flotilla.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.platform.CoreWakeup;
import dev.flotilla.sim.machine.CostModel;
import dev.flotilla.sim.machine.MachineSpec;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelSetup;
import dev.flotilla.urpc.Transport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event loop: when cores run, what their clocks read, and how messages, timers and faults move them. */
class SimPlatformTest
{
    private static final MachineSpec AMD_8X4 = Machines.load("amd-8x4");

    @Test
    void aCoreStartsAtTimeZeroChargesItsStepAndHalts()
    {
        final SimPlatform sim = new SimPlatform(AMD_8X4, 2, SimOptions.DEFAULTS);
        final List<Long> seen = new ArrayList<>();
        sim.startCore(0, new TestAgent("once", (self, now) ->
        {
            seen.add(now);
            self.halted = true;
            return 1;
        }));
        assertTrue(sim.awaitHalt(1_000_000), "every started core halted; core 1 was never started");
        assertEquals(List.of(VirtualTime.ns(sim.costs().stepPs())), seen, "the first step begins at 0 and charges the step");
        assertEquals(1, sim.steps());
        sim.close();
    }

    @Test
    void anIdleCoreSleepsUntilItsTimerAndAwaitHaltStopsAtTheVirtualTimeout()
    {
        final SimPlatform sim = new SimPlatform(AMD_8X4, 1, SimOptions.DEFAULTS);
        final List<Long> steps = new ArrayList<>();
        final TestAgent agent = new TestAgent("timer", (self, now) ->
        {
            steps.add(now);
            return 0;
        });
        agent.deadlineNs = 5_000_000;
        sim.startCore(0, agent);
        assertFalse(sim.awaitHalt(1_000_000), "nothing halts within 1 ms");
        assertEquals(1, steps.size(), "the core slept after its first idle step");
        assertEquals(1_000_000, sim.nowNs(), "virtual time moved to the timeout");
        agent.deadlineNs = Long.MAX_VALUE;
        assertFalse(sim.awaitHalt(10_000_000));
        assertEquals(2, steps.size(), "the timer ran the core once more");
        assertTrue(steps.get(1) >= 5_000_000 && steps.get(1) < 5_001_000, "at its deadline: " + steps.get(1));
        assertFalse(sim.awaitHalt(Long.MAX_VALUE), "nothing left to happen: returns without running forever");
        sim.close();
    }

    @Test
    void umpAskedForIsCarriedAsSimWithinOneCoreTooAndLmpAcrossCoresIsRefused()
    {
        final SimPlatform sim = new SimPlatform(AMD_8X4, 2, SimOptions.DEFAULTS);
        final SimInterconnect interconnect = new SimInterconnect(sim);
        final ChannelSetup same = interconnect.create(1, 1, 4, Transport.UMP);
        assertEquals(Transport.SIM, same.local().transport());
        assertEquals(Transport.SIM, same.peer().transport(), "the creator attached the other end itself");
        assertEquals(1, same.peer().remoteCore());
        assertEquals(Transport.LMP, interconnect.create(1, 1, 4).local().transport(), "the built-in rule, as before");
        assertEquals(ErrorCode.TRANSPORT_UNAVAILABLE,
            assertThrows(FlotillaException.class, () -> interconnect.create(0, 1, 4, Transport.LMP)).code());
        sim.close();
    }

    @Test
    void aMessageWakesItsReceiverAtItsArrivalAndCostsWhatTheModelSays()
    {
        final SimPlatform sim = new SimPlatform(AMD_8X4, 32, SimOptions.DEFAULTS);
        final SimInterconnect interconnect = new SimInterconnect(sim);
        final ChannelSetup setup = interconnect.create(0, 9, 32);
        final Channel receiver = interconnect.attach(9, setup.descriptor());
        final long[] sentAt = new long[1];
        final long[] receivedAt = new long[1];
        final TestAgent receiving = new TestAgent("receiver", (self, now) -> receiver.poll((c, t, p, n) ->
        {
            receivedAt[0] = sim.core(9).now;
            self.halted = true;
        }, 1));
        sim.startCore(9, receiving);
        sim.startCore(0, new TestAgent("sender", (self, now) ->
        {
            setup.local().trySend(1, 42L);
            sentAt[0] = sim.core(0).now;
            self.halted = true;
            return 1;
        }));
        assertTrue(sim.awaitHalt(1_000_000_000L));
        final CostModel costs = sim.costs();
        assertEquals(Transport.SIM, receiver.transport());
        assertEquals(costs.stepPs() + costs.sendPs() + costs.transferPs(0, 9), sentAt[0],
            "the sender stalls for the transfer: the store miss that takes the slot's line from the receiver");
        assertEquals(sentAt[0] + costs.stepPs() + costs.receivePs(), receivedAt[0],
            "arrival = send + transfer, the moment the stall ends; then one step and one receive on the woken core");
        assertEquals(2, receiving.steps, "the receiver slept from its first idle step until the arrival");
        sim.close();
    }

    @Test
    void aCoreStartedInsideAStepStartsAtTheStartersTime()
    {
        final SimPlatform sim = new SimPlatform(AMD_8X4, 2, SimOptions.DEFAULTS);
        final long[] firstStep = new long[1];
        final TestAgent second = new TestAgent("second", (self, now) ->
        {
            firstStep[0] = now;
            return 0;
        });
        final TestAgent first = new TestAgent("first", (self, now) ->
        {
            sim.core(0).charge(1_000_000);
            sim.startCore(1, second);
            return 0;
        });
        sim.startCore(0, first);
        sim.awaitHalt(1_000_000);
        assertEquals(VirtualTime.ns(2 * sim.costs().stepPs() + 1_000_000), firstStep[0],
            "one step of core 0, its microsecond of work, then core 1's own step");
        assertThrows(IllegalStateException.class, () -> sim.startCore(1, second), "a core starts once");
        assertThrows(IllegalArgumentException.class, () -> sim.startCore(2, second), "only the cores of this run");
        sim.close();
    }

    @Test
    void aWakeupRunsASleepingCoreAtTheWakersTime()
    {
        final SimPlatform sim = new SimPlatform(AMD_8X4, 2, SimOptions.DEFAULTS);
        final List<Long> runs = new ArrayList<>();
        sim.startCore(1, new TestAgent("sleeper", (self, now) ->
        {
            runs.add(now);
            return 0;
        }));
        final CoreWakeup bell = sim.wakeup(1);
        final boolean[] woke = new boolean[2];
        final TestAgent timer = new TestAgent("timer", (self, now) ->
        {
            if (now > 1_000 && !woke[0])
            {
                woke[0] = bell.wake();
                woke[1] = bell.wake();
            }
            return 0;
        });
        timer.deadlineNs = 50_000;
        sim.startCore(0, timer);
        sim.awaitHalt(100_000);
        assertTrue(woke[0], "the sleeping core was woken");
        assertFalse(woke[1], "a core already woken is not woken twice");
        assertEquals(2, runs.size());
        assertTrue(runs.get(1) >= 50_000 && runs.get(1) < 51_000, "at the waker's time: " + runs.get(1));
        sim.close();
    }

    @Test
    void anAgentThatThrowsIsRecordedAsAFaultAndStopsTheLoop()
    {
        final SimPlatform sim = new SimPlatform(AMD_8X4, 2, SimOptions.DEFAULTS);
        sim.startCore(0, new TestAgent("steady", (self, now) -> 0));
        sim.startCore(1, new TestAgent("broken", (self, now) ->
        {
            throw new IllegalStateException("bad state");
        }));
        assertFalse(sim.awaitHalt(1_000_000));
        assertEquals(1, sim.faults().size());
        assertEquals(1, sim.faults().getFirst().core());
        assertEquals("broken", sim.faults().getFirst().role());
        sim.close();
    }

    @Test
    void aStalledCoreTakesNoStepInItsWindowAndASlowCorePaysMore()
    {
        final long[] rtt = roundTrip(SimOptions.DEFAULTS, 0, 1);
        final long stallNs = 1_000_000;
        final long[] stalled = roundTrip(SimOptions.DEFAULTS.withStall(1, 0, stallNs), 0, 1);
        assertTrue(stalled[0] >= VirtualTime.ps(stallNs), "the first round trip waited out the stall: " + stalled[0]);
        assertEquals(rtt[1], stalled[1], "after the window the core is as fast as before");
        final long[] slow = roundTrip(SimOptions.DEFAULTS.withSlowdown(new CoreSlowdown(1, 0, Long.MAX_VALUE, 3)), 0, 1);
        final CostModel costs = new SimPlatform(AMD_8X4).costs();
        final long oneSide = costs.stepPs() + costs.receivePs() + costs.sendPs();
        assertEquals(rtt[1] + 2 * oneSide, slow[1], "the slow core pays three times its own costs, not the wire's");
    }

    @Test
    void badConfigurationsAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new SimPlatform(AMD_8X4, 33, SimOptions.DEFAULTS));
        assertThrows(IllegalArgumentException.class, () -> new SimPlatform(AMD_8X4, 0, SimOptions.DEFAULTS));
        assertThrows(IllegalArgumentException.class,
            () -> new SimPlatform(AMD_8X4, 2, SimOptions.DEFAULTS.withStall(5, 0, 1)));
        assertThrows(IllegalArgumentException.class, () -> new CoreSlowdown(0, 10, 10, 2));
        assertThrows(IllegalArgumentException.class, () -> SimOptions.DEFAULTS.withJitterNs(-1));
        final SimPlatform sim = new SimPlatform(AMD_8X4, 2, SimOptions.DEFAULTS);
        assertThrows(IllegalStateException.class, () -> sim.pinStatus(1), "not started");
        assertEquals("sim:amd-8x4", sim.name());
        assertTrue(sim.isSimulated() && sim.machine().simulated());
        sim.close();
    }

    /** Ten round trips between two cores of the 8x4-core AMD, in picoseconds. */
    static long[] roundTrip(final SimOptions options, final int a, final int b)
    {
        return roundTrip(AMD_8X4, options, a, b, 10);
    }

    static long[] roundTrip(final MachineSpec spec, final SimOptions options, final int a, final int b, final int rounds)
    {
        final SimPlatform sim = new SimPlatform(spec, spec.cores(), options);
        final SimInterconnect interconnect = new SimInterconnect(sim);
        final ChannelSetup setup = interconnect.create(a, b, 32);
        final SimCore first = sim.core(a);
        final SimCore second = sim.core(b);
        final PingPongAgent initiator = new PingPongAgent(setup.local(), () -> first.now, true, rounds);
        sim.startCore(a, initiator);
        sim.startCore(b, new PingPongAgent(interconnect.attach(b, setup.descriptor()), () -> second.now, false, rounds));
        assertTrue(sim.awaitHalt(10_000_000_000L), "ping-pong finished; seed " + options.seed());
        sim.close();
        return initiator.roundTrips();
    }
}
