package dev.flotilla.monitor;

import dev.flotilla.idl.Port;
import dev.flotilla.monitor.intermon.BootMessagesBinding;
import dev.flotilla.monitor.intermon.BootMessagesHandler;

/**
 * The boot protocol ({@link dev.flotilla.monitor.intermon.BootMessages}): core 0 sends BOOT to a monitor
 * that attached to its boot channel, which answers BOOTED and starts meshing; core 0's
 * {@link BootCoordinator} counts the BOOTED answers.
 *
 * <pre>
 *   core 0:  copy(T, RAM) then boot(T) to core i  (T = 0: no RAM for channel frames)
 *   core i:  BOOTING  -- boot(T) --&gt; MESHING, takes (0, T) for its channel frames, booted() to core 0
 *   core 0:  booted() from i     --&gt; BootCoordinator.onBooted(i)
 * </pre>
 */
final class BootSequence implements Protocol, BootMessagesHandler
{
    private final Monitor monitor;
    private final BootMessagesBinding[] peers;

    BootSequence(final Monitor monitor)
    {
        this.monitor = monitor;
        this.peers = new BootMessagesBinding[monitor.config().cores()];
    }

    @Override
    public void attach(final int peer, final Port port)
    {
        peers[peer] = new BootMessagesBinding(port, this);
    }

    /** Core 0: sends the monitor of {@code core} RAM for its channel frames, and tells it that it may start. */
    void boot(final int core)
    {
        peers[core].boot(monitor.sendChannelMemory(core));
    }

    @Override
    public void onBoot(final BootMessagesBinding from, final long channelMemory)
    {
        monitor.advance(Monitor.State.BOOTING, Monitor.State.MESHING, "boot()");
        monitor.takeChannelMemory(channelMemory);
        from.booted();
        monitor.mesh().reportIfMeshed();
    }

    @Override
    public void onBooted(final BootMessagesBinding from)
    {
        monitor.coordinator().onBooted(Monitor.peerOf(from), monitor.now());
    }
}
