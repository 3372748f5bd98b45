package dev.flotilla.sim.machine;

import dev.flotilla.platform.topology.Cache;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A validated description of a simulated machine: which package and NUMA node each core is in,
 * which cores share a cache, how many interconnect hops separate packages, and what moving a cache
 * line between two cores costs. Built only by {@link MachineFile}, which checked every invariant:
 * cores are numbered 0..n-1 and each is in exactly one package, packages are numbered 0..p-1 and
 * connected by links, a cache never spans packages, and every distance that occurs has a latency.
 *
 * <p>Immutable; latencies and costs are in cycles of the machine's clock.
 */
public final class MachineSpec
{
    /** The most cores a description may have. */
    public static final int MAX_CORES = 1024;

    private final String name;
    private final String source;
    private final String model;
    private final double clockGhz;
    private final int[] packageOf;
    private final int[] indexInPackage;
    private final int[] nodeOf;
    private final int[][] packageHops;
    private final List<CacheSpec> caches;
    private final boolean[] sharesCache;
    private final long sharedCacheCycles;
    private final long samePackageCycles;
    private final long[] hopCycles;
    private final long homeLinkCycles;
    private final EndpointCosts costs;

    /**
     * @param hopCycles transfer cycles by hop count (index 0 unused), covering the largest distance.
     * Latencies a topology never needs may be -1.
     * @param homeLinkCycles one coherence message crossing one link under the home-broadcast protocol; 0 if the
     * machine does not model it.
     */
    MachineSpec(final String name, final String source, final String model, final double clockGhz, final int[] packageOf,
        final int[] nodeOf, final int[][] packageHops, final List<CacheSpec> caches, final long sharedCacheCycles,
        final long samePackageCycles, final long[] hopCycles, final long homeLinkCycles, final EndpointCosts costs)
    {
        this.name = name;
        this.source = source;
        this.model = model;
        this.clockGhz = clockGhz;
        this.packageOf = packageOf.clone();
        this.nodeOf = nodeOf.clone();
        this.packageHops = packageHops;
        this.caches = List.copyOf(caches);
        this.sharedCacheCycles = sharedCacheCycles;
        this.samePackageCycles = samePackageCycles;
        this.hopCycles = hopCycles.clone();
        this.homeLinkCycles = homeLinkCycles;
        this.costs = costs;
        final int n = packageOf.length;
        this.indexInPackage = new int[n];
        final int[] seen = new int[packageHops.length];
        for (int core = 0; core < n; core++)
        {
            indexInPackage[core] = seen[packageOf[core]]++;
        }
        this.sharesCache = new boolean[n * n];
        for (final CacheSpec cache : caches)
        {
            for (final int a : cache.cores())
            {
                for (final int b : cache.cores())
                {
                    sharesCache[a * n + b] = true;
                }
            }
        }
    }

    /** The machine's name, as given to {@code --sim}. */
    public String name()
    {
        return name;
    }

    /** Where the description came from: a file, a built-in resource or a generated machine. */
    public String source()
    {
        return source;
    }

    /** The CPU model it stands for. */
    public String model()
    {
        return model;
    }

    /** The nominal clock rate; cycles convert to virtual nanoseconds at this rate. */
    public double clockGhz()
    {
        return clockGhz;
    }

    /** Number of cores. */
    public int cores()
    {
        return packageOf.length;
    }

    /** Number of packages (sockets). */
    public int packages()
    {
        return packageHops.length;
    }

    /** The package {@code core} is in. */
    public int packageOf(final int core)
    {
        return packageOf[core];
    }

    /** The NUMA node whose memory is local to {@code core}. */
    public int nodeOf(final int core)
    {
        return nodeOf[core];
    }

    /** Interconnect links between the packages of two cores (0 within a package). */
    public int hops(final int coreA, final int coreB)
    {
        return packageHops[packageOf[coreA]][packageOf[coreB]];
    }

    /** How far apart two cores are. */
    public Proximity proximity(final int coreA, final int coreB)
    {
        if (coreA == coreB)
        {
            return Proximity.SAME_CORE;
        }
        if (sharesCache[coreA * cores() + coreB])
        {
            return Proximity.SHARED_CACHE;
        }
        return packageOf[coreA] == packageOf[coreB] ? Proximity.SAME_PACKAGE : Proximity.REMOTE;
    }

    /** Cycles to move a cache line from one core's cache to the other's (0 on the same core). */
    public long transferCycles(final int coreA, final int coreB)
    {
        return switch (proximity(coreA, coreB))
        {
            case SAME_CORE -> 0;
            case SHARED_CACHE -> sharedCacheCycles;
            case SAME_PACKAGE -> samePackageCycles;
            case REMOTE -> hopCycles[hops(coreA, coreB)];
        };
    }

    /**
     * Cycles for one coherence message (a request, a probe, a probe response, a completion) to cross one
     * interconnect link, when the machine orders every miss at the line's home and broadcasts its probes to every
     * node ({@code coherence home-broadcast CYCLES}, the Opterons' protocol); 0 when the machine file does not say
     * so, and a miss then holds its line for its own transfer only.
     */
    public long homeLinkCycles()
    {
        return homeLinkCycles;
    }

    /** True if {@code coreA} and {@code coreB} are distinct cores of one package. */
    boolean samePackage(final int coreA, final int coreB)
    {
        return coreA != coreB && packageOf[coreA] == packageOf[coreB];
    }

    /** The largest number of hops between two packages. */
    public int diameter()
    {
        return hopCycles.length - 1;
    }

    /** The endpoint costs, in cycles. */
    public EndpointCosts costs()
    {
        return costs;
    }

    /** Every cache instance. */
    public List<CacheSpec> caches()
    {
        return caches;
    }

    /** Virtual nanoseconds for {@code cycles} at the machine's clock; at least 1 for any non-zero cost. */
    public long nanos(final long cycles)
    {
        return cycles <= 0 ? 0 : Math.max(1, Math.round(cycles / clockGhz));
    }

    /** Virtual picoseconds for {@code cycles} at the machine's clock, the unit the simulator keeps time in. */
    public long picos(final long cycles)
    {
        return Math.round(cycles * 1000 / clockGhz);
    }

    /** The cost model the simulator charges, in virtual picoseconds. */
    public CostModel costModel()
    {
        return new CostModel(this);
    }

    /**
     * The machine as the OS sees it. NUMA distances follow the firmware convention: 10 for local
     * memory, plus 6 per hop between the nearest packages of the two nodes (what AMD firmware of the
     * paper's era reports: 10, 16, 22).
     */
    public Machine topology()
    {
        final List<Cpu> cpus = new ArrayList<>();
        for (int core = 0; core < cores(); core++)
        {
            cpus.add(new Cpu(core, packageOf[core], indexInPackage[core], nodeOf[core], List.of(core)));
        }
        final int nodes = 1 + Arrays.stream(nodeOf).max().orElse(0);
        final List<NumaNode> numa = new ArrayList<>();
        for (int node = 0; node < nodes; node++)
        {
            final List<Integer> local = new ArrayList<>();
            for (int core = 0; core < cores(); core++)
            {
                if (nodeOf[core] == node)
                {
                    local.add(core);
                }
            }
            final List<Integer> distances = new ArrayList<>();
            for (int other = 0; other < nodes; other++)
            {
                distances.add(node == other ? 10 : 10 + 6 * nodeHops(node, other));
            }
            numa.add(new NumaNode(node, local, 0, distances));
        }
        final List<Cache> topologyCaches = caches.stream()
            .map(c -> new Cache(c.level(), "Unified", c.sizeBytes(), c.cores()))
            .sorted(Comparator.comparingInt(Cache::level).thenComparingInt(c -> c.sharedCpus().getFirst()))
            .toList();
        return new Machine(name, model, Math.round(clockGhz * 1e9), cpus, numa, topologyCaches, true);
    }

    /** Fewest hops between a package of one node and a package of the other. */
    private int nodeHops(final int nodeA, final int nodeB)
    {
        final int[] nodeOfPackage = new int[packages()];
        for (int core = 0; core < cores(); core++)
        {
            nodeOfPackage[packageOf[core]] = nodeOf[core];
        }
        int best = Integer.MAX_VALUE;
        for (int p = 0; p < packages(); p++)
        {
            for (int q = 0; q < packages(); q++)
            {
                if (nodeOfPackage[p] == nodeA && nodeOfPackage[q] == nodeB)
                {
                    best = Math.min(best, packageHops[p][q]);
                }
            }
        }
        return best;
    }

    @Override
    public String toString()
    {
        return name + " (" + cores() + " cores in " + packages() + " packages, " + clockGhz + " GHz)";
    }
}
