package dev.flotilla.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.lib.BootImage;
import dev.flotilla.urpc.Transport;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The whole boot protocol — start, mesh, probes, halt — on a deterministic stepped platform. */
class MonitorBootTest
{
    private static final long STEP_NS = 100;

    private static MonitorConfig config(final int cores)
    {
        return new MonitorConfig(cores, 8, 20, 0, 0, 1_000_000, 1_000_000);
    }

    private static TestBoot boot(final SteppedPlatform platform, final MonitorConfig config, final Set<Integer> neverStart)
    {
        return TestBoot.run(platform, config, BootImage.empty(), BootPlan.NONE, neverStart, 1_000_000_000L);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7})
    void bootsMeshesMeasuresAndHaltsEveryCore(final int cores)
    {
        try (SteppedPlatform platform = new SteppedPlatform(cores, STEP_NS))
        {
            final TestBoot booted = boot(platform, config(cores), Set.of());
            assertTrue(booted.halted(), "every core halted");
            assertTrue(platform.faults().isEmpty(), () -> platform.faults().toString());
            final BootOutcome outcome = booted.outcome();
            assertTrue(outcome.succeeded(), () -> outcome.error().orElse(""));
            assertEquals(cores, outcome.coresReady());
            assertEquals(cores * (cores - 1) / 2, outcome.channels(), "a full mesh");
            assertEquals(cores == 1 ? null : Transport.UMP, outcome.transport());
            for (final CpuDriver kernel : booted.kernels())
            {
                assertTrue(kernel.isHalted(), kernel.roleName() + " halted");
                assertTrue(kernel.timesDispatches(), "booted as the runtime boots: on the core's clock");
                assertTrue(kernel.dispatches() > 0, kernel.roleName() + " ran its monitor");
                assertTrue(0 <= kernel.overruns() && kernel.overruns() <= kernel.dispatches());
                assertTrue(kernel.longestDispatchNs() >= 0);
            }
            for (final Monitor monitor : booted.monitors())
            {
                for (int peer = 0; peer < cores; peer++)
                {
                    if (peer != monitor.core())
                    {
                        assertNotNull(monitor.channelTo(peer), "monitor " + monitor.core() + " has a channel to " + peer);
                        assertEquals(peer, monitor.channelTo(peer).remoteCore());
                    }
                }
            }
            for (int a = 0; a < cores; a++)
            {
                for (int b = 0; b < cores; b++)
                {
                    if (a != b)
                    {
                        final long rtt = outcome.roundTrips().medianNs(a, b);
                        assertTrue(rtt > 0, "round trip " + a + "<->" + b + " measured");
                        assertEquals(rtt, outcome.roundTrips().medianNs(b, a), "symmetric");
                        assertTrue(outcome.roundTrips().minNs(a, b) <= rtt && rtt <= outcome.roundTrips().p99Ns(a, b));
                    }
                }
            }
        }
    }

    @Test
    void aCoreThatNeverStartsFailsTheBootByNameAndTheRestHalt()
    {
        try (SteppedPlatform platform = new SteppedPlatform(4, STEP_NS))
        {
            final TestBoot booted = boot(platform, config(4), Set.of(2));
            assertTrue(booted.halted(), "the cores that did boot still halt");
            final BootOutcome outcome = booted.outcome();
            assertFalse(outcome.succeeded());
            assertEquals("boot failed: core 2 did not report ready within 1 ms", outcome.error().orElseThrow());
            assertTrue(booted.kernels().stream().allMatch(CpuDriver::isHalted));
        }
    }

    @Test
    void aCoreThatHangsAfterStartingIsNamedToo()
    {
        try (SteppedPlatform platform = new SteppedPlatform(3, STEP_NS))
        {
            platform.stall(1);
            final TestBoot booted = boot(platform, config(3), Set.of());
            assertFalse(booted.halted(), "the hung core never halts; the host must stop it");
            final BootOutcome outcome = booted.outcome();
            assertEquals("boot failed: core 1 did not report ready within 1 ms", outcome.error().orElseThrow());
            assertTrue(booted.kernels().getFirst().isHalted(), "core 0 gave up and halted");
        }
    }

    @Test
    void aBusyMeshStillCompletesWhenRingsFillUp()
    {
        // Two-slot rings and 9 cores: NEW_MONITOR bursts overflow the rings and wait in outboxes.
        final MonitorConfig tight = new MonitorConfig(9, 2, 5, 0, 0, 1_000_000_000, 1_000_000);
        try (SteppedPlatform platform = new SteppedPlatform(9, STEP_NS))
        {
            final TestBoot booted = boot(platform, tight, Set.of());
            assertTrue(booted.halted());
            assertTrue(booted.outcome().succeeded(), () -> booted.outcome().error().orElse(""));
            assertEquals(36, booted.outcome().channels());
        }
    }
}
