package dev.flotilla.monitor;

import dev.flotilla.urpc.UmpDescriptor;

/**
 * What every monitor needs to know at boot, carried in the boot image of each core.
 *
 * @param cores          how many cores (kernels) the system boots.
 * @param ringSlots      slots per direction of every monitor-to-monitor channel.
 * @param pingRounds     round trips recorded per pair of cores, after the warm-up.
 * @param probeWarmupNs  how long each pair ping-pongs before recording (caches, predictors).
 * @param jitWarmupNs    how long the first pair ping-pongs before recording: on the JVM the message
 *                       path is interpreted until the JIT has compiled it, which on a busy machine takes
 *                       hundreds of milliseconds. 0 on the simulator, whose costs are modelled.
 * @param bootTimeoutNs  how long core 0 waits for every core to boot and join the mesh.
 * @param probeTimeoutNs how long core 0 waits for one pair's round-trip measurement.
 */
public record MonitorConfig(int cores, int ringSlots, int pingRounds, long probeWarmupNs, long jitWarmupNs,
    long bootTimeoutNs, long probeTimeoutNs)
{
    /**
     * Defaults for the native platform: Barrelfish's 32-slot monitor channels, 1000 recorded round trips
     * per pair after 5 ms of warm-up (300 ms for the first pair), 10 s to boot, 5 s per probe.
     */
    public static MonitorConfig defaults(final int cores)
    {
        return new MonitorConfig(cores, UmpDescriptor.DEFAULT_RING_SLOTS, 1000, 5_000_000L, 300_000_000L,
            10_000_000_000L, 5_000_000_000L);
    }

    public MonitorConfig
    {
        if (cores < 1)
        {
            throw new IllegalArgumentException("cores must be at least 1, was " + cores);
        }
        UmpDescriptor.checkRingSlots(ringSlots);
        if (pingRounds < 1)
        {
            throw new IllegalArgumentException("ping rounds must be at least 1, was " + pingRounds);
        }
        if (probeWarmupNs < 0 || jitWarmupNs < 0)
        {
            throw new IllegalArgumentException("warm-up times must not be negative");
        }
        if (bootTimeoutNs <= 0 || probeTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** The same configuration with another number of round trips per pair. */
    public MonitorConfig withPingRounds(final int rounds)
    {
        return new MonitorConfig(cores, ringSlots, rounds, probeWarmupNs, jitWarmupNs, bootTimeoutNs, probeTimeoutNs);
    }

    /** The same configuration with another boot timeout. */
    public MonitorConfig withBootTimeoutNs(final long timeoutNs)
    {
        return new MonitorConfig(cores, ringSlots, pingRounds, probeWarmupNs, jitWarmupNs, timeoutNs, probeTimeoutNs);
    }

    /** The same configuration with other warm-up times (0 and 0 on the simulator). */
    public MonitorConfig withWarmupNs(final long probeNs, final long jitNs)
    {
        return new MonitorConfig(cores, ringSlots, pingRounds, probeNs, jitNs, bootTimeoutNs, probeTimeoutNs);
    }
}
