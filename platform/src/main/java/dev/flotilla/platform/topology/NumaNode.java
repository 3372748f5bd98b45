package dev.flotilla.platform.topology;

import java.util.List;

/**
 * A NUMA node: a memory controller and the CPUs local to it.
 *
 * @param id          node number.
 * @param cpus        the CPUs local to it, ascending.
 * @param memoryBytes its memory in bytes, 0 if unknown.
 * @param distances   the firmware's relative distance to every node, indexed by node position
 *                    (10 = local); empty if unknown.
 */
public record NumaNode(int id, List<Integer> cpus, long memoryBytes, List<Integer> distances)
{
    public NumaNode
    {
        cpus = List.copyOf(cpus);
        distances = List.copyOf(distances);
    }
}
