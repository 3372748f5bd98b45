package dev.flotilla.bench.skb;

import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code place(svc, [near(Node), avoid_busy], Core)} written by hand: the Java baseline for the SKB's
 * placement query. Same ranking as {@code skb/placement.pl} for these two constraints: node distance,
 * then load, then core number (the service has no replicas yet, so spreading does not rank).
 */
final class JavaPlacement
{
    private final List<Cpu> cpus;
    private final Map<Integer, NumaNode> nodes = new HashMap<>();
    private final Map<Integer, Integer> nodePosition = new HashMap<>();
    private final Map<Integer, Integer> load = new HashMap<>();

    JavaPlacement(final Machine machine)
    {
        cpus = machine.cpus();
        for (int i = 0; i < machine.numaNodes().size(); i++)
        {
            final NumaNode node = machine.numaNodes().get(i);
            nodes.put(node.id(), node);
            nodePosition.put(node.id(), i);
        }
    }

    void addService(final int core)
    {
        load.merge(core, 1, Integer::sum);
    }

    int place(final int nearNode)
    {
        int best = -1;
        long bestDistance = Long.MAX_VALUE;
        int bestLoad = Integer.MAX_VALUE;
        for (final Cpu cpu : cpus)
        {
            final long distance = nodes.get(cpu.numaNode()).distances().get(nodePosition.get(nearNode));
            final int coreLoad = load.getOrDefault(cpu.id(), 0);
            if (distance < bestDistance || distance == bestDistance && coreLoad < bestLoad)
            {
                best = cpu.id();
                bestDistance = distance;
                bestLoad = coreLoad;
            }
        }
        return best;
    }
}
