package dev.flotilla.skb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import dev.flotilla.skb.reference.JavaRouteTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code multicast.pl} against the hand-written {@link JavaRouteTrees} on random machines: random
 * package and node counts, random (asymmetric, partly unmeasured) round trips, random roots and core
 * subsets. The two must agree tree for tree, send order included.
 */
final class RouteTreePropertyTest
{
    private final SystemKnowledgeBase skb = new SystemKnowledgeBase();

    @Test
    void rulesAgreeWithTheJavaReferenceOnRandomMachines()
    {
        qt().withExamples(150).forAll(integers().between(1, 6), integers().between(1, 6), integers().all())
            .checkAssert((packages, perPackage, seed) -> check(packages, perPackage, new Random(seed)));
    }

    private void check(final int packages, final int perPackage, final Random random)
    {
        final int cores = packages * perPackage;
        final boolean numaPerPackage = random.nextBoolean();
        final List<Cpu> cpus = new ArrayList<>();
        for (int c = 0; c < cores; c++)
        {
            cpus.add(new Cpu(c, c / perPackage, c % perPackage, numaPerPackage ? c / perPackage : 0, List.of(c)));
        }
        final List<NumaNode> nodes = new ArrayList<>();
        final int nodeCount = numaPerPackage ? packages : 1;
        for (int n = 0; n < nodeCount; n++)
        {
            final List<Integer> distances = new ArrayList<>();
            for (int m = 0; m < nodeCount; m++)
            {
                distances.add(n == m ? 10 : 11 + random.nextInt(30));
            }
            final int node = n;
            nodes.add(new NumaNode(n, cpus.stream().filter(c -> c.numaNode() == node).map(Cpu::id).toList(), 0,
                random.nextInt(4) == 0 ? List.of() : distances));
        }
        final Machine machine = new Machine("random", "model", 0, cpus, nodes, List.of(), true);
        final long[][] nanos = random.nextInt(4) == 0 ? null : new long[cores][cores];
        if (nanos != null)
        {
            for (int a = 0; a < cores; a++)
            {
                for (int b = 0; b < cores; b++)
                {
                    nanos[a][b] = random.nextInt(10) == 0 ? -1 : 50 + random.nextInt(400);
                }
            }
        }
        skb.assertMachine(machine);
        skb.assertRoundTrips(nanos == null ? new long[0][0] : nanos);
        final JavaRouteTrees reference = new JavaRouteTrees(machine, nanos);
        final int root = random.nextInt(cores);
        final TreeSet<Integer> subset = new TreeSet<>();
        for (int c = 0; c < cores; c++)
        {
            if (random.nextBoolean())
            {
                subset.add(c);
            }
        }
        for (final Strategy strategy : Strategy.values())
        {
            assertEquals(reference.tree(strategy, root), skb.multicastTree(strategy, root), strategy + " all");
            assertEquals(reference.tree(strategy, root, subset), skb.multicastTree(strategy, root, subset),
                strategy + " subset " + subset);
        }
    }
}
