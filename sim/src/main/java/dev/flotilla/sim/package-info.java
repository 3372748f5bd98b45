/**
 * The simulated many-core machine: a second {@link dev.flotilla.platform.Platform} on which every
 * Flotilla component runs unchanged, all cores stepped from one host thread in virtual time.
 *
 * <h2>Design memo</h2>
 *
 * <p><b>One kind of event.</b> {@link dev.flotilla.sim.SimPlatform} keeps a priority queue of "core c
 * steps at time t". Messages are not events: a {@link dev.flotilla.sim.SimChannel} stamps each slot
 * with the time it becomes visible and rings the receiver's doorbell for that time, which schedules
 * the receiver if it would otherwise sleep past it. The per-message work is an array copy, a heap push
 * and, when the receiver was asleep, one event — no allocation.
 *
 * <p><b>Per-core clocks.</b> Each core's clock jumps to the start of its step and advances inside the
 * step by the cost model's charges, so OS code that times its own work (the round-trip probe) measures
 * virtual time with the model's resolution. Steps run in start-time order and are atomic.
 *
 * <p><b>Determinism.</b> The seed orders simultaneous events and draws jitter; nothing reads the host
 * clock, iterates a hash of identities or depends on host scheduling. The trace hash summarises every
 * step and delivery, so two runs compare by one number.
 *
 * <p>Subpackages: {@code machine} (machine descriptions and the cost model), {@code coherence} (a
 * cache-coherence cost model for shared-memory baselines).
 */
package dev.flotilla.sim;
