package dev.flotilla.monitor;

import dev.flotilla.idl.Port;
import dev.flotilla.monitor.intermon.MeshBinding;
import dev.flotilla.monitor.intermon.MeshHandler;
import dev.flotilla.urpc.ChannelDescriptor;
import dev.flotilla.urpc.ChannelSetup;

/**
 * The mesh protocol ({@link dev.flotilla.monitor.intermon.Mesh}): binds a channel between every pair of
 * monitors, core 0 relaying each channel's descriptor from its creator to the new core.
 *
 * <pre>
 *   core j (ready earlier):  newMonitor(i) from 0        create j&lt;-&gt;i, bindProxy(i, d) to 0
 *   core 0:                  bindProxy(i, d) from j      bindRequest(j, d) to i
 *   core i (new):            bindRequest(j, d) from 0    attach d, bindReply() to j
 *   core j:                  bindReply() from i          one more channel linked
 *   any core k:              every other core linked     meshReady(created) to 0, READY
 * </pre>
 */
final class MeshBinder implements Protocol, MeshHandler
{
    private final Monitor monitor;
    private final MeshBinding[] peers;
    private int linked;
    private int created;

    MeshBinder(final Monitor monitor)
    {
        this.monitor = monitor;
        this.peers = new MeshBinding[monitor.config().cores()];
    }

    @Override
    public void attach(final int peer, final Port port)
    {
        peers[peer] = new MeshBinding(port, this);
        if (peer == 0 && !monitor.isBootstrap())
        {
            linked++; // the boot channel to core 0
        }
    }

    /** Core 0: tells {@code earlier}, ready before {@code core}, to bind to it. */
    void newMonitor(final int earlier, final int core)
    {
        peers[earlier].newMonitor(core);
    }

    @Override
    public void onNewMonitor(final MeshBinding from, final int core)
    {
        final ChannelSetup setup = monitor.createChannel(core);
        created++;
        final long[] descriptor = new long[ChannelDescriptor.WORDS];
        setup.descriptor().toWords(descriptor, 0);
        from.bindProxy(core, descriptor);
    }

    @Override
    public void onBindProxy(final MeshBinding from, final int target, final long[] descriptor)
    {
        peers[target].bindRequest(Monitor.peerOf(from), descriptor);
    }

    @Override
    public void onBindRequest(final MeshBinding from, final int creator, final long[] descriptor)
    {
        monitor.addPeer(creator, monitor.interconnect().attach(monitor.core(), ChannelDescriptor.fromWords(descriptor,
            0)));
        peers[creator].bindReply();
        linked();
    }

    @Override
    public void onBindReply(final MeshBinding from)
    {
        linked();
    }

    private void linked()
    {
        linked++;
        reportIfMeshed();
    }

    /** Once a booted monitor has a channel to every other, it tells core 0 and is READY. */
    void reportIfMeshed()
    {
        if (monitor.state() == Monitor.State.MESHING && linked == monitor.config().cores() - 1)
        {
            monitor.advance(Monitor.State.MESHING, Monitor.State.READY, "the last channel");
            peers[0].meshReady(created);
        }
    }

    @Override
    public void onMeshReady(final MeshBinding from, final int createdThere)
    {
        monitor.coordinator().onMeshReady(Monitor.peerOf(from), createdThere, monitor.now());
    }
}
