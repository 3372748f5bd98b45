package dev.flotilla.bench.sim;

import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.MachineSpec;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.urpc.ChannelSetup;
import java.util.Arrays;

/**
 * How fast the simulator runs message workloads on one host thread: host time per simulated message
 * and simulated core-seconds per host second, for a ping-pong between two cores, a stream with a full
 * ring in flight, and 32 ping-pongs at once on 64 cores.
 */
final class MessageRate
{
    /** One workload's result: medians over the timed repetitions. */
    record Result(String workload, long messages, double hostNsPerMessage, double messagesPerHostSecond,
        double coreSecondsPerHostSecond)
    {
    }

    /** A workload set up on a fresh simulation, ready for {@code awaitHalt}. */
    private interface Workload
    {
        SimPlatform build();
    }

    private final int repetitions;
    private final long scale;

    /**
     * @param repetitions timed runs per workload, after two untimed warm-up runs.
     * @param scale       round trips (or messages) per run.
     */
    MessageRate(final int repetitions, final long scale)
    {
        this.repetitions = repetitions;
        this.scale = scale;
    }

    Result pingPong()
    {
        return measure("ping-pong, 2 cores (amd-8x4, one hop)", 2, () -> pairs(Machines.load("amd-8x4"), 1, 4, scale));
    }

    Result stream()
    {
        return measure("stream, 2 cores, 32-slot ring full", 2, () ->
        {
            final SimPlatform sim = new SimPlatform(Machines.load("amd-8x4"), 32, SimOptions.DEFAULTS);
            final SimInterconnect interconnect = new SimInterconnect(sim);
            final ChannelSetup setup = interconnect.create(0, 8, 32);
            sim.startCore(0, new Stream(setup.local(), true, 2 * scale));
            sim.startCore(8, new Stream(interconnect.attach(8, setup.descriptor()), false, 2 * scale));
            return sim;
        });
    }

    Result manyPairs()
    {
        return measure("32 ping-pongs at once, 64 cores (generic:64x8)", 64,
            () -> pairs(Machines.load("generic:64x8"), 32, 32, scale / 32));
    }

    /** {@code count} ping-pongs: core i with core i + {@code offset}. */
    private static SimPlatform pairs(final MachineSpec spec, final int count, final int offset, final long rounds)
    {
        final SimPlatform sim = new SimPlatform(spec, spec.cores(), SimOptions.DEFAULTS);
        final SimInterconnect interconnect = new SimInterconnect(sim);
        for (int a = 0; a < count; a++)
        {
            final int b = a + offset;
            final ChannelSetup setup = interconnect.create(a, b, 32);
            sim.startCore(a, new Echo(setup.local(), true, rounds));
            sim.startCore(b, new Echo(interconnect.attach(b, setup.descriptor()), false, rounds));
        }
        return sim;
    }

    private Result measure(final String name, final int activeCores, final Workload workload)
    {
        final int runs = repetitions + 2;
        final double[] hostNs = new double[repetitions];
        long messages = 0;
        long virtualNs = 0;
        for (int run = 0; run < runs; run++)
        {
            try (SimPlatform sim = workload.build())
            {
                final long start = System.nanoTime();
                if (!sim.awaitHalt(Long.MAX_VALUE))
                {
                    throw new IllegalStateException(name + " did not finish (sim seed " + sim.options().seed() + ")");
                }
                final long took = System.nanoTime() - start;
                if (run >= 2)
                {
                    hostNs[run - 2] = took;
                }
                messages = sim.deliveries();
                virtualNs = sim.nowNs();
            }
        }
        Arrays.sort(hostNs);
        final double median = hostNs[repetitions / 2];
        return new Result(name, messages, median / messages, messages / (median / 1e9),
            activeCores * (virtualNs / 1e9) / (median / 1e9));
    }
}
