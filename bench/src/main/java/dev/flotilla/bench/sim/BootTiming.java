package dev.flotilla.bench.sim;

import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.runtime.Boot;
import dev.flotilla.runtime.BootResult;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.MachineSpec;
import dev.flotilla.sim.machine.Machines;
import java.util.Arrays;

/**
 * Host time to boot the real OS — CPU drivers, monitors, the full mesh, the round-trip probes of every
 * pair, the halt — on a simulated machine, as {@code flotilla boot --sim} does.
 */
final class BootTiming
{
    /**
     * @param firstHostMs   the first boot in this JVM (the JIT still compiling, as in a fresh launch).
     * @param medianHostMs  the median of the later boots.
     * @param bootVirtualNs virtual time from core 0's first step to a complete mesh.
     * @param totalVirtualNs virtual time to the last halt.
     * @param messages      messages delivered.
     */
    record Result(String machine, int pingRounds, double firstHostMs, double medianHostMs, long bootVirtualNs,
        long totalVirtualNs, long messages)
    {
    }

    private final int repetitions;

    BootTiming(final int repetitions)
    {
        this.repetitions = repetitions;
    }

    Result boot(final String name, final int pingRounds) throws InterruptedException
    {
        final MachineSpec spec = Machines.load(name);
        final double[] hostMs = new double[repetitions];
        long bootNs = 0;
        long totalNs = 0;
        long messages = 0;
        for (int run = 0; run < repetitions; run++)
        {
            try (SimPlatform sim = new SimPlatform(spec, spec.cores(), SimOptions.DEFAULTS))
            {
                final MonitorConfig config = MonitorConfig.defaults(spec.cores()).withWarmupNs(0, 0)
                    .withPingRounds(pingRounds);
                final long start = System.nanoTime();
                final BootResult result = Boot.run(sim, new SimInterconnect(sim), config);
                hostMs[run] = (System.nanoTime() - start) / 1e6;
                if (!result.succeeded())
                {
                    throw new IllegalStateException(result.withSimulation(sim.summary()).error().orElse("boot failed"));
                }
                bootNs = result.outcome().orElseThrow().bootNs();
                totalNs = sim.nowNs();
                messages = sim.deliveries();
            }
        }
        final double first = hostMs[0];
        final double[] later = Arrays.copyOfRange(hostMs, 1, hostMs.length);
        Arrays.sort(later);
        return new Result(name, pingRounds, first, later.length == 0 ? first : later[later.length / 2], bootNs, totalNs,
            messages);
    }
}
