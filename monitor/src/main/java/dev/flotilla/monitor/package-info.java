/**
 * The monitor: one user-level process per core that boots the other cores, binds the full mesh of
 * monitor channels, measures the round trip between every pair of cores, serves its dispatchers' exports,
 * binds and spawns, and halts the system in order; later, the agreement protocols for replicated state.
 *
 * <p>The {@link dev.flotilla.monitor.Monitor} is a router of protocols: each protocol is a class
 * ({@link dev.flotilla.monitor.Protocol}) that handles one interface declared in
 * {@code dev.flotilla.monitor.intermon}, with its message sequence drawn in its Javadoc. Roles only core 0
 * has — the {@link dev.flotilla.monitor.BootCoordinator}, the {@link dev.flotilla.monitor.NameRegistry},
 * the {@link dev.flotilla.monitor.RuntimeFacts} — are objects only core 0 creates.
 */
package dev.flotilla.monitor;
