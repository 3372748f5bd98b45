package dev.flotilla.bench.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.MachineSpec;
import dev.flotilla.sim.machine.Machines;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The unmap benchmark's domain on the simulator: every tree's rounds and unmaps complete, and no read is stale. */
class OsUnmapTest
{
    @Test
    void everyTreesUnmapsCompleteOnASimulated8x4Amd() throws Exception
    {
        final MachineSpec spec = Machines.load("amd-8x4");
        final int cores = 12;
        try (SimPlatform sim = new SimPlatform(spec, cores, SimOptions.seeded(1)))
        {
            final List<UnmapDomain.Result> results = OsUnmap.run(sim, new SimInterconnect(sim),
                MonitorConfig.defaults(cores).withWarmupNs(0, 0).withPingRounds(1),
                CommitRounds.trees(spec.topology(), cores), 1, 3, 60_000_000_000L);
            assertEquals(4, results.size(), results::toString);
            for (final UnmapDomain.Result result : results)
            {
                System.out.println(result + " cycles: " + result.roundNs() * spec.clockGhz() + " / "
                    + result.unmapNs() * spec.clockGhz());
                assertTrue(result.failure().isEmpty(), result::toString);
                assertTrue(result.roundNs() > 0 && result.unmapNs() > result.roundNs(), result::toString);
            }
        }
    }
}
