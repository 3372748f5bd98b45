package dev.flotilla.platform.topology;

import java.util.List;

/**
 * One cache instance and the CPUs that share it.
 *
 * @param level      1, 2, 3...
 * @param type       {@code Data}, {@code Instruction} or {@code Unified}.
 * @param sizeBytes  capacity in bytes, 0 if unknown.
 * @param sharedCpus the CPUs that share this instance, ascending.
 */
public record Cache(int level, String type, long sizeBytes, List<Integer> sharedCpus)
{
    public Cache
    {
        sharedCpus = List.copyOf(sharedCpus);
    }
}
