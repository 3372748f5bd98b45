/**
 * The monitor-to-monitor interfaces (Barrelfish's {@code intermon.if}), one per protocol, all carried on
 * each pair of monitors' channel: boot, mesh, probe, halt, name service, service binding, spawning,
 * remeasurement, runtime facts, domains and capability transfer ({@link dev.flotilla.monitor.intermon.CapTransfer}; ids
 * 130–139 are kept for capability protocols). Their bindings are generated; the protocols that handle them are
 * classes of {@code dev.flotilla.monitor}.
 */
package dev.flotilla.monitor.intermon;
