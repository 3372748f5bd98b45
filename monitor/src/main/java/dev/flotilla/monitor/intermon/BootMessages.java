package dev.flotilla.monitor.intermon;

import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;

/**
 * Boot (per core i): core 0 creates the 0&lt;-&gt;i channel, starts core i's CPU driver with the channel's
 * frame and sends BOOT; the system's configuration (cores, ring slots, probe rounds) is in the monitor's
 * {@code MonitorConfig}, which core i got with its boot image, so BOOT carries nothing.
 *
 * <pre>
 *   copy(T, RAM record)   0 -&gt; i   (CapTransfer, first) RAM for the frames of core i's channels
 *   boot(T)     0 -&gt; i   core i's monitor is attached to its channel to core 0; it takes the RAM that
 *                        arrived as (0, T) for its channel frames (T = 0: none, its rings go in shared memory)
 *   booted()    i -&gt; 0   core i is up; it now binds to the monitors ready before it (see {@link Mesh})
 * </pre>
 */
@MessageInterface(id = 1, description = "boot: core 0 starts a monitor, which reports that it is up")
public interface BootMessages
{
    @Message
    void boot(long channelMemory);

    @Message
    void booted();
}
