package dev.flotilla.bench.soak;

import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.sim.CoreSlowdown;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.machine.MachineSpec;
import java.util.SplittableRandom;

/**
 * One seed of the capability soak: {@link CapsRun} on a simulated machine with message-delay jitter up to 3 µs, up
 * to two cores slowed 2-8x for up to 4 ms, and in two runs of three one core (never core 0, which drives the run)
 * stalled for up to {@link #STALL_NS}, all drawn from the seed and all falling on the operations: the setup is
 * done by {@link #START_NS} (the run checks it was) and the faults begin then. The distributed capability
 * operations have no time bound of their own — an operation that needs a stalled core waits for it — so every
 * operation must still answer, and the run must end within {@link #BOUND_NS} of virtual time.
 */
final class CapsSoak
{
    /** The operations, and the faults, begin here; the setup on 32 cores takes 2-6 ms. */
    static final long START_NS = 12_000_000;
    /** Faults begin within this long of the start: the operations take about 1 ms without them. */
    private static final long FAULTS_WITHIN_NS = 1_000_000;
    /** The longest stall. */
    static final long STALL_NS = 10_000_000;
    /** The whole run, setup, operations, checks and final revoke, ends within this much virtual time. */
    static final long BOUND_NS = 2_000_000_000L;
    /** Random operations per core, and peers each core sends copies to. */
    static final int OPERATIONS = 24;
    private static final int PEERS = 2;

    private CapsSoak()
    {
    }

    /** What seed {@code seed} runs on {@code cores} cores of {@code spec}. */
    static CapsRun.Setup setup(final MachineSpec spec, final int cores, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed ^ 0x5eedca95L);
        SimOptions options = SimOptions.seeded(seed).withJitterNs(random.nextLong(0, 3_000));
        for (int i = random.nextInt(0, 3); i > 0; i--)
        {
            final long from = START_NS + random.nextLong(0, FAULTS_WITHIN_NS);
            options = options.withSlowdown(new CoreSlowdown(random.nextInt(cores), from,
                from + random.nextLong(100_000, 4_000_000), random.nextInt(2, 9)));
        }
        if (random.nextInt(3) > 0)
        {
            final long from = START_NS + random.nextLong(0, FAULTS_WITHIN_NS);
            options = options.withStall(random.nextInt(1, cores), from, from + random.nextLong(10_000, STALL_NS));
        }
        final MonitorConfig config = new MonitorConfig(cores, 32, 1, 0, 0, 1_000_000_000L, NameSoak.BOUND_NS);
        return new CapsRun.Setup(spec, cores, seed, options, config, OPERATIONS, PEERS, START_NS, BOUND_NS);
    }

    /** Runs seed {@code seed} on {@code cores} cores of {@code spec}. */
    static CapsRun.Result run(final MachineSpec spec, final int cores, final long seed) throws InterruptedException
    {
        return CapsRun.run(setup(spec, cores, seed));
    }
}
