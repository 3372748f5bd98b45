/** Simulated machines as data: the description format, the paper's four machines, generic machines, and the cost model derived from them. */
package dev.flotilla.sim.machine;
