package dev.flotilla.runtime;

import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.Platform;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.SimSummary;
import dev.flotilla.urpc.Interconnect;
import java.util.Optional;

/**
 * A platform ready to boot on, with its interconnect and the monitors' configuration; closing it
 * stops every core and frees the platform's memory.
 */
record SystemUnderBoot(Platform platform, Interconnect interconnect, MonitorConfig config) implements AutoCloseable
{
    /** On a simulated machine, what the simulation did so far (seed, trace hash, virtual time). */
    Optional<SimSummary> simulation()
    {
        return platform instanceof SimPlatform sim ? Optional.of(sim.summary()) : Optional.empty();
    }

    @Override
    public void close()
    {
        platform.close();
    }
}
