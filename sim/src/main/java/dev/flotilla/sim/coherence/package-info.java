/** A cache-coherence cost model for shared-memory baselines on the simulator: lines whose ownership moves between cores at the interconnect's cost. */
package dev.flotilla.sim.coherence;
