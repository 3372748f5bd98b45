package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.runtime.Boot;
import dev.flotilla.runtime.BootResult;
import dev.flotilla.runtime.Main;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.MachineSpec;
import dev.flotilla.sim.machine.Machines;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The same OS code booted on simulated machines through the launcher's entry point: 32 and 64 cores,
 * the paper's four machines, the same trace for the same seed, and failures that name their seed.
 */
class SimBootSystemTest
{
    private record Run(int status, String out, String err)
    {
    }

    private static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    private static JsonNode boot(final String... args) throws Exception
    {
        final Run run = run(args);
        assertEquals(0, run.status(), () -> "stderr: " + run.err() + "\nstdout: " + run.out());
        return new ObjectMapper().readTree(run.out());
    }

    @ParameterizedTest
    @CsvSource({"generic:32x8, 32", "generic:64x8, 64", "amd-8x4, 32", "amd-4x4, 16", "amd-2x2, 4", "intel-2x4, 8"})
    void bootsMeshesMeasuresAndHaltsOnASimulatedMachine(final String machine, final int cores) throws Exception
    {
        final JsonNode report = boot("boot", "--sim", machine, "--json");
        final String seed = "seed " + report.path("simulation").path("seed");
        assertTrue(report.get("succeeded").asBoolean(), () -> seed + ": " + report);
        assertEquals("sim:" + machine, report.get("platform").asText());
        assertTrue(report.get("simulated").asBoolean());
        assertEquals(cores, report.get("cores").size(), "every core of the machine by default");
        assertEquals(cores * (cores - 1) / 2, report.get("channels").asInt(), "a full mesh");
        assertEquals("SIM", report.get("transport").asText());
        assertEquals(100, report.get("pingRounds").asInt(), "fewer rounds on the simulator, where they do not vary");
        final JsonNode sim = report.get("simulation");
        assertEquals(machine, sim.get("machine").asText());
        assertEquals(1, sim.get("seed").asLong());
        assertTrue(sim.get("traceHash").asText().matches("[0-9a-f]{16}"), sim::toString);
        assertTrue(report.get("bootNs").asLong() > 0, "boot took virtual time");
        assertTrue(sim.get("virtualNs").asLong() >= report.get("bootNs").asLong() + report.get("measureNs").asLong());
        assertTrue(sim.get("messages").asLong() >= 2L * 100 * cores * (cores - 1) / 2, "every probe's pings and pongs");
        for (final JsonNode core : report.get("cores"))
        {
            KernelCountsCheck.check(core);
        }
        final JsonNode rtt = report.get("roundTripMedianNs");
        for (int a = 0; a < cores; a++)
        {
            for (int b = 0; b < cores; b++)
            {
                final long ns = rtt.get(a).get(b).asLong();
                assertTrue(a == b ? ns == 0 : ns > 0, seed + ": round trip " + a + "->" + b + " = " + ns);
                assertEquals(ns, rtt.get(b).get(a).asLong(), seed);
            }
        }
    }

    @Test
    void roundTripsOnThePapersEightSocketMachineGrowWithHops() throws Exception
    {
        final JsonNode rtt = boot("boot", "--sim", "amd-8x4", "--json").get("roundTripMedianCycles").get(0);
        final long sharedL3 = rtt.get(1).asLong();
        final long oneHop = rtt.get(4).asLong();
        final long twoHops = rtt.get(8).asLong();
        final long threeHops = rtt.get(24).asLong();
        assertTrue(sharedL3 < oneHop && oneHop < twoHops && twoHops < threeHops,
            sharedL3 + " < " + oneHop + " < " + twoHops + " < " + threeHops + " cycles");
        assertTrue(Math.abs(sharedL3 - 538) <= 11, "Table 2's shared-L3 round trip, 538 cycles; was " + sharedL3);
    }

    @Test
    void theSameSeedGivesTheSameTraceAndAnotherSeedStillBoots() throws Exception
    {
        final JsonNode first = boot("boot", "--sim", "generic:32x8", "--seed", "5", "--json");
        final JsonNode again = boot("boot", "--sim", "generic:32x8", "--seed", "5", "--json");
        assertEquals(first.get("simulation"), again.get("simulation"), "seed 5 twice: same trace, same virtual time");
        assertEquals(first.get("roundTripMedianNs"), again.get("roundTripMedianNs"));
        assertEquals(first.get("cores"), again.get("cores"), "the same dispatches, timed in the same virtual time");
        final JsonNode other = boot("boot", "--sim", "generic:32x8", "--seed", "6", "--json");
        assertTrue(other.get("succeeded").asBoolean(), "seed 6 boots too");
        assertEquals(6, other.get("simulation").get("seed").asLong());
    }

    @Test
    void theTextReportLabelsEverythingSimulated()
    {
        final Run run = run("boot", "--sim", "amd-8x4", "--ping-rounds", "10");
        assertEquals(0, run.status(), run.err());
        for (final String expected : new String[] {"sim:amd-8x4 platform (SIMULATED: every time below is virtual)",
            "amd-8x4: Opteron 8350 (simulated), 32 CPUs in 8 packages, 8 NUMA nodes, 2.00 GHz",
            "simulated seed 1, trace hash ", "of virtual time to halt", "simulated core in package 7",
            "496 monitor channels (SIM, full mesh of 32 cores)", "every core acknowledged",
            "each dispatch timed against a 1.0 ms slice", " over the slice, longest "})
        {
            assertTrue(run.out().contains(expected), () -> "missing '" + expected + "' in:\n" + run.out());
        }
    }

    @Test
    void aFailedBootNamesItsSeedAndReplaysExactly() throws Exception
    {
        final SimOptions stalled = SimOptions.seeded(11).withStall(5, 0, 60_000_000_000L);
        final BootResult failed = bootWithStall(stalled);
        assertFalse(failed.succeeded());
        final String error = failed.error().orElseThrow();
        assertTrue(error.contains("seed 11; replay with --sim amd-8x4 --seed 11"), error);
        assertTrue(error.startsWith("boot failed: core 5 did not report ready within 1000 ms; then core 5 did not halt"),
            "the cause first, then the core that never halted: " + error);
        assertTrue(failed.simulation().orElseThrow().virtualNs() >= 1_000_000_000L, "the timeout passed, in virtual time");
        final BootResult replayed = bootWithStall(stalled);
        assertEquals(failed.simulation(), replayed.simulation(), "the replay takes the same steps");
        assertEquals(failed.error(), replayed.error());
    }

    /** Boots 8 cores of the 8x4-core AMD with a 1 s boot timeout. */
    private static BootResult bootWithStall(final SimOptions options) throws InterruptedException
    {
        try (SimPlatform sim = new SimPlatform(Machines.load("amd-8x4"), 8, options))
        {
            final MonitorConfig config = MonitorConfig.defaults(8).withWarmupNs(0, 0).withPingRounds(10)
                .withBootTimeoutNs(1_000_000_000L);
            return Boot.run(sim, new SimInterconnect(sim), config).withSimulation(sim.summary());
        }
    }

    @Test
    void aShortStallAndMessageJitterDelayTheBootButItSucceeds() throws Exception
    {
        final MachineSpec spec = Machines.load("amd-4x4");
        final MonitorConfig config = MonitorConfig.defaults(16).withWarmupNs(0, 0).withPingRounds(20);
        final long quiet;
        try (SimPlatform sim = new SimPlatform(spec, 16, SimOptions.seeded(3)))
        {
            final BootResult result = Boot.run(sim, new SimInterconnect(sim), config);
            assertTrue(result.succeeded(), () -> result.error() + " (seed 3)");
            quiet = result.outcome().orElseThrow().bootNs();
        }
        final SimOptions faults = SimOptions.seeded(3).withJitterNs(500).withStall(9, 0, 2_000_000);
        try (SimPlatform sim = new SimPlatform(spec, 16, faults))
        {
            final BootResult result = Boot.run(sim, new SimInterconnect(sim), config);
            assertTrue(result.succeeded(), () -> result.error() + " (seed 3, jitter and a stall)");
            final long delayed = result.outcome().orElseThrow().bootNs();
            assertTrue(delayed >= 2_000_000 && delayed > quiet, "the stalled core held the mesh back: " + delayed);
        }
    }
}
