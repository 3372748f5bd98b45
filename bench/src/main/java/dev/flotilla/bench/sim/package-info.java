/** {@code flotilla-bench sim}: the simulator's own speed, and the paper's shared-memory-versus-messages comparison on simulated machines. */
package dev.flotilla.bench.sim;
