/** A cache-coherence cost model for shared-memory baselines on the simulator: lines whose ownership moves between cores at the interconnect's cost, each line's misses ordered at its home node. */
package dev.flotilla.sim.coherence;
