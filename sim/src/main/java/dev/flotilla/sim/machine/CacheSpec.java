package dev.flotilla.sim.machine;

import java.util.List;

/**
 * One cache instance of a simulated machine and the cores that share it.
 *
 * @param level     1, 2, 3...
 * @param sizeBytes capacity in bytes.
 * @param cores     the cores that share this instance, ascending; all in one package.
 */
public record CacheSpec(int level, long sizeBytes, List<Integer> cores)
{
    public CacheSpec
    {
        cores = List.copyOf(cores);
    }
}
