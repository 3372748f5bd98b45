package dev.flotilla.services.skb;

import dev.flotilla.platform.topology.Cache;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine as the OS's cores see it: one CPU entry per Flotilla core, numbered by core, with the
 * package, NUMA node, siblings and caches of the host CPU the core runs on. The SKB reasons about
 * cores, not host CPU numbers; with more kernels than CPUs, kernels that share a CPU share its
 * caches and are siblings of each other.
 */
public final class CoreView
{
    private CoreView()
    {
    }

    /**
     * @param machine   the machine discovered or simulated.
     * @param cpuOfCore the host CPU of each core.
     */
    public static Machine of(final Machine machine, final int[] cpuOfCore)
    {
        final List<Cpu> cpus = new ArrayList<>();
        for (int core = 0; core < cpuOfCore.length; core++)
        {
            final Cpu host = host(machine, cpuOfCore[core]);
            cpus.add(new Cpu(core, host.packageId(), host.coreId(), host.numaNode(), coresOn(cpuOfCore, host.threadSiblings())));
        }
        final List<NumaNode> nodes = machine.numaNodes().stream()
            .map(n -> new NumaNode(n.id(), coresOn(cpuOfCore, n.cpus()), n.memoryBytes(), n.distances()))
            .toList();
        final List<Cache> caches = new ArrayList<>();
        for (final Cache cache : machine.caches())
        {
            final List<Integer> cores = coresOn(cpuOfCore, cache.sharedCpus());
            if (!cores.isEmpty())
            {
                caches.add(new Cache(cache.level(), cache.type(), cache.sizeBytes(), cores));
            }
        }
        return new Machine(machine.name(), machine.cpuModel(), machine.frequencyHz(), cpus, nodes, caches,
            machine.simulated());
    }

    private static Cpu host(final Machine machine, final int cpu)
    {
        return machine.cpu(cpu).orElseThrow(() -> new IllegalArgumentException("no CPU " + cpu + " on " + machine.name()));
    }

    /** The cores that run on any of {@code hostCpus}, ascending. */
    private static List<Integer> coresOn(final int[] cpuOfCore, final List<Integer> hostCpus)
    {
        final List<Integer> cores = new ArrayList<>();
        for (int core = 0; core < cpuOfCore.length; core++)
        {
            if (hostCpus.contains(cpuOfCore[core]))
            {
                cores.add(core);
            }
        }
        return cores;
    }
}
