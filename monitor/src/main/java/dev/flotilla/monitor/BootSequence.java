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
 *   core i:  BOOTING  -- boot() --&gt; MESHING, booted() to core 0
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

    /** Core 0: tells the monitor of {@code core} that it may start. */
    void boot(final int core)
    {
        peers[core].boot();
    }

    @Override
    public void onBoot(final BootMessagesBinding from)
    {
        monitor.advance(Monitor.State.BOOTING, Monitor.State.MESHING, "boot()");
        from.booted();
        monitor.mesh().reportIfMeshed();
    }

    @Override
    public void onBooted(final BootMessagesBinding from)
    {
        monitor.coordinator().onBooted(Monitor.peerOf(from), monitor.now());
    }
}
