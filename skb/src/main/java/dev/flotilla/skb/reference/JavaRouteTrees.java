package dev.flotilla.skb.reference;

import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import dev.flotilla.skb.RouteNode;
import dev.flotilla.skb.Strategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The routing trees of {@code skb/multicast.pl} computed directly in Java from a {@link Machine} and
 * a round-trip matrix. Not used by the OS: it is the oracle the rule tests hold the Prolog against,
 * and the hand-written baseline the SKB benchmark compares query latency with. It follows the rules
 * clause for clause, including {@code link_cost/3}'s estimate and the tie-breaks, so the two must
 * agree on every machine.
 */
public final class JavaRouteTrees
{
    private final Map<Integer, Cpu> cpus = new TreeMap<>();
    private final Map<Integer, Integer> nodeIndex = new TreeMap<>();
    private final Machine machine;
    private final long[][] nanos;

    /**
     * @param machine the machine.
     * @param nanos   median round trips by core number, negative if not measured; may be {@code null}.
     */
    public JavaRouteTrees(final Machine machine, final long[][] nanos)
    {
        this.machine = machine;
        this.nanos = nanos;
        machine.cpus().forEach(cpu -> cpus.put(cpu.id(), cpu));
        for (int i = 0; i < machine.numaNodes().size(); i++)
        {
            nodeIndex.put(machine.numaNodes().get(i).id(), i);
        }
    }

    /** The tree from {@code root} over every core. */
    public RouteNode tree(final Strategy strategy, final int root)
    {
        return tree(strategy, root, cpus.keySet());
    }

    /** The tree from {@code root} over {@code root} and {@code cores}. */
    public RouteNode tree(final Strategy strategy, final int root, final Iterable<Integer> cores)
    {
        final TreeSet<Integer> others = new TreeSet<>();
        cores.forEach(others::add);
        others.remove(root);
        return switch (strategy)
        {
            case BROADCAST, UNICAST -> new RouteNode(root, others.stream().map(RouteNode::leaf).toList());
            case MULTICAST -> new RouteNode(root, byPackage(root, others));
            case NUMA -> new RouteNode(root, farthestFirst(root, byPackage(root, others)));
        };
    }

    private List<RouteNode> byPackage(final int root, final TreeSet<Integer> others)
    {
        final Map<Integer, List<Integer>> packages = new TreeMap<>();
        for (final int core : others)
        {
            packages.computeIfAbsent(cpus.get(core).packageId(), p -> new ArrayList<>()).add(core);
        }
        final int rootPackage = cpus.get(root).packageId();
        final List<RouteNode> children = new ArrayList<>();
        packages.forEach((pkg, members) ->
        {
            if (pkg == rootPackage)
            {
                members.forEach(core -> children.add(RouteNode.leaf(core)));
            }
            else
            {
                children.add(new RouteNode(members.getFirst(),
                    members.subList(1, members.size()).stream().map(RouteNode::leaf).toList()));
            }
        });
        return children;
    }

    private List<RouteNode> farthestFirst(final int root, final List<RouteNode> children)
    {
        final List<RouteNode> sorted = new ArrayList<>(children);
        sorted.sort(Comparator.comparingLong((RouteNode child) -> -linkCost(root, child.core()))
            .thenComparingInt(RouteNode::core));
        return sorted;
    }

    /** {@code link_cost/3}: measured both ways if known, else the topology estimate. */
    long linkCost(final int a, final int b)
    {
        if (a == b)
        {
            return 0;
        }
        if (nanos != null && a < nanos.length && b < nanos.length && nanos[a][b] >= 0 && nanos[b][a] >= 0)
        {
            return nanos[a][b] + nanos[b][a];
        }
        final Cpu from = cpus.get(a);
        final Cpu to = cpus.get(b);
        if (from.packageId() == to.packageId())
        {
            return 10;
        }
        final int distance = nodeDistance(from.numaNode(), to.numaNode());
        return distance > 10 ? distance : 20;
    }

    private int nodeDistance(final int from, final int to)
    {
        final NumaNode node = machine.numaNodes().get(nodeIndex.get(from));
        return node.distances().size() == machine.numaNodes().size() ? node.distances().get(nodeIndex.get(to)) : -1;
    }
}
