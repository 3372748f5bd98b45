package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.bench.soak.CapsRun;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.machine.Machines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random retypes, copies (to other cores too), deletes, revokes, maps, peeks and unmaps of one RAM object's copies
 * on every core of a simulated machine at once, a few dozen seeds, through the driver the capability soak uses
 * ({@link CapsRun}, whose Javadoc lists what is checked after each run: nesting across cores, nothing left of a
 * revoked object, no mapping outliving its frame, equal replicas, every operation answered). Here on 4 cores with
 * the monitors' default configuration and no faults unless asked; a failing seed says how to replay it alone
 * ({@code -Dflotilla.dcaps.seed=S}). The soak with slowed and stalled cores on 32 is
 * {@code ./flotilla bench soak --scenario caps}.
 */
class DistributedCapsRandomTest
{
    private static final int CORES = 4;
    private static final int SEEDS = 32;
    private static final int OPERATIONS = 60;

    @Test
    void randomOperationsOnEveryCoreKeepRangesNestedAndARevokeLeavesNothing() throws Exception
    {
        final String only = System.getProperty("flotilla.dcaps.seed");
        final List<Long> seeds = new ArrayList<>();
        if (only != null)
        {
            seeds.add(Long.parseLong(only));
        }
        else
        {
            // more seeds for a soak: -Dflotilla.dcaps.seeds=N -Dflotilla.dcaps.from=S
            final long from = Long.getLong("flotilla.dcaps.from", 1);
            for (long s = from; s < from + Long.getLong("flotilla.dcaps.seeds", SEEDS); s++)
            {
                seeds.add(s);
            }
        }
        // -Dflotilla.dcaps.jitter=NS: message-delay jitter up to NS, drawn from the seed (none by default)
        final long jitter = Long.getLong("flotilla.dcaps.jitter", 0);
        final Map<String, Long> seen = new TreeMap<>();
        for (final long seed : seeds)
        {
            final SimOptions options = jitter == 0 ? SimOptions.seeded(seed)
                : SimOptions.seeded(seed).withJitterNs(new SplittableRandom(seed).nextLong(jitter + 1));
            final CapsRun.Result result = CapsRun.run(new CapsRun.Setup(Machines.load("amd-4x4"), CORES, seed, options,
                MonitorConfig.defaults(CORES).withWarmupNs(0, 0).withPingRounds(2), OPERATIONS, 1, 0,
                60_000_000_000L));
            result.outcomes().forEach((k, v) -> seen.merge(k, v, Long::sum));
            assertTrue(result.passed(), () -> "seed " + seed + ": " + result.violations() + "\n  replay: ./flotilla test"
                + " or mvn -pl system-tests verify -Dtest=DistributedCapsRandomTest -Dflotilla.dcaps.seed=" + seed
                + (jitter == 0 ? "" : " -Dflotilla.dcaps.jitter=" + jitter));
        }
        System.out.println("outcomes over " + seeds.size() + " seeds: " + seen);
        if (only == null)
        {
            // the seeds reach the interesting cases: retypes made, and retypes refused for another core's overlap
            for (final String outcome : List.of("retype ok", "retype REVOKE_FIRST", "copy ok", "send ok", "map ok"))
            {
                assertTrue(seen.containsKey(outcome), outcome + " never happened: " + seen);
            }
        }
    }
}
