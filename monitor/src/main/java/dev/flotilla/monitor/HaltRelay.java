package dev.flotilla.monitor;

import dev.flotilla.idl.Port;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.monitor.intermon.HaltBinding;
import dev.flotilla.monitor.intermon.HaltHandler;

/**
 * Halt along a multicast tree ({@link dev.flotilla.monitor.intermon.Halt}): the paper's multicast with
 * aggregation. Core 0 sends each child of the tree its subtree; every core forwards to its own children
 * and acknowledges to its parent once all of them have, then halts once the acknowledgement has left
 * its ring. Core 0's {@link BootCoordinator} counts its children's acknowledgements and halts last.
 *
 * <pre>
 *   core c:  halt(subtree of c) from parent p   halt(subtree of k) to each child k
 *   core c:  haltAck() from each child          after the last: haltAck() to p, monitor HALTING
 *   core c:  the haltAck has left the ring      monitor EXITED, the core halts
 * </pre>
 */
final class HaltRelay implements Protocol, HaltHandler
{
    private final Monitor monitor;
    private final HaltBinding[] peers;
    private int parent = -1;
    private int acksDue;
    /** The number, among the messages of the port to the parent, of the acknowledgement; 0 before it is sent. */
    private long ackNumber;

    HaltRelay(final Monitor monitor)
    {
        this.monitor = monitor;
        this.peers = new HaltBinding[monitor.config().cores()];
    }

    @Override
    public void attach(final int peer, final Port port)
    {
        peers[peer] = new HaltBinding(port, this);
    }

    /** Sends {@code subtree} its HALT: the root of the subtree is the core it goes to. */
    void send(final MulticastTree subtree)
    {
        peers[subtree.core()].halt(subtree.encode());
    }

    @Override
    public void onHalt(final HaltBinding from, final long[] words)
    {
        final MulticastTree subtree;
        try
        {
            subtree = MulticastTree.decode(words, 0, words.length);
        }
        catch (final IllegalArgumentException malformed)
        {
            from.unexpected("halt with a malformed subtree: " + malformed.getMessage());
            return;
        }
        if (subtree.core() != monitor.core())
        {
            from.unexpected("halt with the subtree of core " + subtree.core());
            return;
        }
        parent = Monitor.peerOf(from);
        acksDue = subtree.children().size();
        for (final MulticastTree child : subtree.children())
        {
            send(child);
        }
        acknowledgeIfDone();
    }

    @Override
    public void onHaltAck(final HaltBinding from)
    {
        if (monitor.isBootstrap())
        {
            monitor.coordinator().onHaltAck(Monitor.peerOf(from));
            return;
        }
        acksDue--;
        acknowledgeIfDone();
    }

    private void acknowledgeIfDone()
    {
        if (acksDue == 0)
        {
            peers[parent].haltAck();
            ackNumber = peers[parent].port().sent();
            monitor.halting();
        }
    }

    /**
     * True once this core acknowledged its subtree and the acknowledgement has left its ring. Messages sent after
     * it (a late vote, say) need not have: the parent may halt once it has the acknowledgement, and never read them.
     */
    boolean acknowledged()
    {
        if (parent < 0 || ackNumber == 0)
        {
            return false;
        }
        final dev.flotilla.idl.Port port = peers[parent].port();
        return port.sent() - port.waiting() >= ackNumber;
    }
}
