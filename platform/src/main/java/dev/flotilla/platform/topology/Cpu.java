package dev.flotilla.platform.topology;

import java.util.List;

/**
 * One hardware thread (logical CPU) of the machine.
 *
 * @param id             the operating system's CPU number.
 * @param packageId      the physical package (socket) it sits in.
 * @param coreId         the physical core within the package; SMT siblings share it.
 * @param numaNode       the NUMA node whose memory is local to it.
 * @param threadSiblings the CPUs (itself included) that share its physical core, ascending.
 */
public record Cpu(int id, int packageId, int coreId, int numaNode, List<Integer> threadSiblings)
{
    public Cpu
    {
        threadSiblings = List.copyOf(threadSiblings);
    }
}
