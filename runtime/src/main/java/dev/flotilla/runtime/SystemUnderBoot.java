package dev.flotilla.runtime;

import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.Platform;
import dev.flotilla.urpc.Interconnect;

/**
 * A platform ready to boot on, with its interconnect and the monitors' configuration; closing it
 * stops every core and frees the platform's memory.
 */
record SystemUnderBoot(Platform platform, Interconnect interconnect, MonitorConfig config) implements AutoCloseable
{
    @Override
    public void close()
    {
        platform.close();
    }
}
