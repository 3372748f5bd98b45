/** Immutable records of what is known about a machine's hardware (CPUs, caches, NUMA nodes), shared by every core and the SKB. */
package dev.flotilla.platform.topology;
