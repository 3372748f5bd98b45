/**
 * The monitor: one user-level process per core that boots the other cores, binds the full mesh of
 * monitor channels, measures the round trip between every pair of cores, serves its dispatchers' exports,
 * binds and spawns, and halts the system in order; it keeps replicated state consistent by agreement
 * ({@code dev.flotilla.monitor.agreement}: one- and two-phase commit along the SKB's multicast trees), the
 * name registry first ({@link dev.flotilla.monitor.ReplicatedNames}, a replica on every core); and it runs the
 * distributed capability operations ({@code dev.flotilla.monitor.capops}: retype, delete and revoke of
 * capabilities with relatives on other cores, each decided by the object's owner core).
 *
 * <p>The {@link dev.flotilla.monitor.Monitor} is a router of protocols: each protocol is a class
 * ({@link dev.flotilla.monitor.Protocol}) that handles one interface declared in
 * {@code dev.flotilla.monitor.intermon}, with its message sequence drawn in its Javadoc. Roles only core 0
 * has — the {@link dev.flotilla.monitor.BootCoordinator}, the {@link dev.flotilla.monitor.RuntimeFacts}, the
 * sequencer of the replicated name registry — are objects (or roles) only core 0 takes.
 */
package dev.flotilla.monitor;
