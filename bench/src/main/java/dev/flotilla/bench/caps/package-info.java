/**
 * Capability and memory benchmarks ({@code flotilla-bench caps}): the cost of capability operations on
 * mapping databases of a thousand and a million capabilities, invocations through the CPU driver, and
 * translated accesses through a mapping against direct memory access.
 */
package dev.flotilla.bench.caps;
