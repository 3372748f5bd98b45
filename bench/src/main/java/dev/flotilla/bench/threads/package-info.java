/**
 * User-level thread benchmarks ({@code flotilla-bench threads}): the cost of a switch into a thread and
 * back, of a handler waking a parked thread, of a thread's whole life, and the heap a parked thread holds.
 */
package dev.flotilla.bench.threads;
