/**
 * The monitor: one user-level process per core that boots the other cores, binds the full mesh of
 * monitor channels, measures the round trip between every pair of cores and halts the system in
 * order; later, the agreement protocols for replicated state. Messages and their sequence:
 * {@link dev.flotilla.monitor.Intermon}.
 */
package dev.flotilla.monitor;
