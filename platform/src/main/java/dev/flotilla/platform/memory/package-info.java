/**
 * Physical memory: the off-heap region that stands for the machine's RAM, with physical addresses and one
 * range per NUMA node, reachable only by the CPU drivers that hand it out through capabilities.
 */
package dev.flotilla.platform.memory;
