package dev.flotilla.sim.machine;

/**
 * How far apart two cores are, in the classes the paper's measurements distinguish (Table 2 of the
 * paper; HotOS'09 Table 1): the same core, two cores that share a cache, two cores of one package
 * that share none, and cores in different packages some number of interconnect hops apart.
 */
public enum Proximity
{
    /** Both endpoints on one core: local message passing, no cache line moves. */
    SAME_CORE,
    /** Different cores with a cache in common (the 2x4 Intel's shared L2, the AMDs' shared L3). */
    SHARED_CACHE,
    /** Different cores of one package with no shared cache (the 2x2 AMD's dies, the Intel's two dies). */
    SAME_PACKAGE,
    /** Cores in different packages, one or more interconnect links apart. */
    REMOTE
}
