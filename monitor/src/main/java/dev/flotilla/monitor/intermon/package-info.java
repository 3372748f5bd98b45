/**
 * The monitor-to-monitor interfaces (Barrelfish's {@code intermon.if}), one per protocol, all carried on
 * each pair of monitors' channel: boot, mesh, probe, halt, name service, service binding, spawning,
 * remeasurement, runtime facts, domains and capability transfer ({@link dev.flotilla.monitor.intermon.CapTransfer}; ids
 * 130–139 are kept for capability protocols) and agreement ({@link dev.flotilla.monitor.intermon.Commit}: one- and
 * two-phase commit, handled by {@code dev.flotilla.monitor.agreement}, and
 * {@link dev.flotilla.monitor.intermon.Broadcast}: joining a monitor's broadcast channel; ids 150–159 are kept for
 * agreement protocols) and the distributed capability operations ({@link dev.flotilla.monitor.intermon.CapOps}, handled by
 * {@code dev.flotilla.monitor.capops}; ids 160–169). Their bindings are generated; the protocols that handle them are
 * classes of {@code dev.flotilla.monitor}.
 */
package dev.flotilla.monitor.intermon;
