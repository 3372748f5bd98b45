/**
 * Soaks: one simulated run per seed, with message-delay jitter and slowed and stalled cores drawn from the seed,
 * the OS's invariants checked after each run — the replicated tables ({@code NameSoak}) and the distributed
 * capability operations with mappings ({@code CapsSoak}, on the driver {@code CapsRun} that the system tests
 * share); a failing seed prints the command that replays it.
 */
package dev.flotilla.bench.soak;
