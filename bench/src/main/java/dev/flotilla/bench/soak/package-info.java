/**
 * Soaks: one simulated run per seed, with message-delay jitter and slowed and stalled cores drawn from the seed,
 * the OS's invariants checked after each run; a failing seed prints the command that replays it.
 */
package dev.flotilla.bench.soak;
