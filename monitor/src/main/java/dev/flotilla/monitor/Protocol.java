package dev.flotilla.monitor;

import dev.flotilla.idl.Port;

/**
 * One monitor protocol: a class that handles one declared interface (package
 * {@code dev.flotilla.monitor.intermon}) and keeps its own state. The {@link Monitor} is only a router:
 * each time it gains a channel to another monitor it lets every protocol put its binding on the
 * channel's port, and from then on the port hands each message to the protocol that declared it. A new
 * protocol is a new declaration and a new class, added to the monitor's list — never a switch arm.
 */
interface Protocol
{
    /** The monitor now has {@code port} to the monitor of {@code peer}: bind this protocol's interface on it. */
    void attach(int peer, Port port);
}
