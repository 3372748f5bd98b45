package dev.flotilla.monitor;

import dev.flotilla.urpc.ChannelDescriptor;

/**
 * Starts another core: Barrelfish's corectrl and INIT/SIPI. The bootstrap monitor calls it with the
 * frame of the channel it prepared for the new core's monitor; the implementation (in the runtime)
 * builds the new core's CPU driver and monitor — its boot image — and asks the platform to run it.
 */
@FunctionalInterface
public interface CoreBooter
{
    /**
     * @param core      the core to start.
     * @param bootFrame the channel to core 0 that the new monitor attaches to first.
     */
    void boot(int core, ChannelDescriptor bootFrame);
}
