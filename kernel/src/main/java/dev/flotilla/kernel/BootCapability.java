package dev.flotilla.kernel;

import dev.flotilla.caps.Capability;
import dev.flotilla.caps.cspace.CapRef;

/**
 * A capability the CPU driver created at boot for its first dispatcher, and where it put it (Barrelfish's
 * bootinfo: which slot of init's SUPERCN holds which memory region).
 *
 * @param ref        where it lies in the first dispatcher's CSpace.
 * @param capability what it is.
 * @param numaNode   for memory, the NUMA node the memory belongs to.
 */
public record BootCapability(CapRef ref, Capability capability, int numaNode)
{
}
