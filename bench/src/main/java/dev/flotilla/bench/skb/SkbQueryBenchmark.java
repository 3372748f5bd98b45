package dev.flotilla.bench.skb;

import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import dev.flotilla.skb.Constraint;
import dev.flotilla.skb.RouteNode;
import dev.flotilla.skb.Strategy;
import dev.flotilla.skb.SystemKnowledgeBase;
import dev.flotilla.skb.reference.JavaRouteTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SKB query latency against the same question answered by hand-written Java, side by side in one
 * fork: the NUMA-aware multicast tree from a rotating root, and the placement of a service near a
 * NUMA node away from busy cores. The machine is {@code cores / 4} quad-core packages, one NUMA node
 * each, with a full measured round-trip matrix (the shape of the paper's AMD machines, scaled).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SkbQueryBenchmark
{
    static final int CORES_PER_PACKAGE = 4;

    @Param({"8", "32", "64"})
    public int cores;

    private SystemKnowledgeBase skb;
    private JavaRouteTrees javaTrees;
    private JavaPlacement javaPlacement;
    private List<Constraint> constraints;
    private int root;

    @Setup
    public void setUp()
    {
        final Machine machine = machine(cores);
        final long[][] nanos = roundTrips(cores);
        skb = new SystemKnowledgeBase();
        skb.assertMachine(machine);
        skb.assertRoundTrips(nanos);
        javaTrees = new JavaRouteTrees(machine, nanos);
        javaPlacement = new JavaPlacement(machine);
        for (int core = 0; core < cores; core += 3)
        {
            skb.assertService("busy" + core, core);
            javaPlacement.addService(core);
        }
        constraints = List.of(new Constraint.Near(1), new Constraint.AvoidBusy());
        if (skb.place("svc", constraints) != javaPlacement.place(1))
        {
            throw new IllegalStateException("the SKB and the Java placement disagree");
        }
        if (!skb.multicastTree(Strategy.NUMA, 5).equals(javaTrees.tree(Strategy.NUMA, 5)))
        {
            throw new IllegalStateException("the SKB and the Java tree disagree");
        }
    }

    @Benchmark
    public RouteNode numaTreeSkb()
    {
        root = (root + 1) % cores;
        return skb.multicastTree(Strategy.NUMA, root);
    }

    @Benchmark
    public RouteNode numaTreeJava()
    {
        root = (root + 1) % cores;
        return javaTrees.tree(Strategy.NUMA, root);
    }

    @Benchmark
    public int placeSkb()
    {
        return skb.place("svc", constraints);
    }

    @Benchmark
    public int placeJava()
    {
        return javaPlacement.place(1);
    }

    /** {@code cores / 4} packages of four cores, one NUMA node each, SLIT 10 local and 16 + package gap. */
    static Machine machine(final int cores)
    {
        final int packages = cores / CORES_PER_PACKAGE;
        final List<Cpu> cpus = new ArrayList<>();
        for (int c = 0; c < cores; c++)
        {
            cpus.add(new Cpu(c, c / CORES_PER_PACKAGE, c % CORES_PER_PACKAGE, c / CORES_PER_PACKAGE, List.of(c)));
        }
        final List<NumaNode> nodes = new ArrayList<>();
        for (int p = 0; p < packages; p++)
        {
            final List<Integer> distances = new ArrayList<>();
            for (int q = 0; q < packages; q++)
            {
                distances.add(p == q ? 10 : 16 + Math.abs(p - q));
            }
            final int node = p;
            nodes.add(new NumaNode(p, cpus.stream().filter(c -> c.numaNode() == node).map(Cpu::id).toList(),
                1L << 32, distances));
        }
        return new Machine(cores + "-core benchmark machine", "simulated", 2_000_000_000L, cpus, nodes, List.of(),
            true);
    }

    /** Shared L3 269 ns, then 307 ns plus 2 ns a package apart (Table 2's 8x4 AMD, stretched). */
    static long[][] roundTrips(final int cores)
    {
        final long[][] nanos = new long[cores][cores];
        for (int a = 0; a < cores; a++)
        {
            for (int b = 0; b < cores; b++)
            {
                final int gap = Math.abs(a / CORES_PER_PACKAGE - b / CORES_PER_PACKAGE);
                nanos[a][b] = a == b ? 0 : gap == 0 ? 269 : 307 + 2L * gap;
            }
        }
        return nanos;
    }
}
