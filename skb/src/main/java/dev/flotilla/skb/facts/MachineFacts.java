package dev.flotilla.skb.facts;

import static dev.flotilla.skb.facts.FactWriter.atom;
import static dev.flotilla.skb.facts.FactWriter.integer;
import static dev.flotilla.skb.facts.FactWriter.integers;

import dev.flotilla.platform.topology.Cache;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import dev.flotilla.skb.FactKind;
import dev.flotilla.skb.Term;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The hardware facts of a {@link Machine}: {@code machine/4}, {@code core/4}, {@code thread_siblings/2},
 * {@code numa_node/3}, {@code node_distance_row/2} and {@code cache/4}. The same for a discovered and a
 * simulated machine: that is what lets the paper's machines be asked about on any host.
 */
public final class MachineFacts
{
    /** The kinds this class writes, which a new machine replaces as a whole. */
    public static final List<FactKind> KINDS = List.of(FactKind.MACHINE, FactKind.CORE, FactKind.THREAD_SIBLINGS,
        FactKind.NUMA_NODE, FactKind.NODE_DISTANCE_ROW, FactKind.CACHE);

    private MachineFacts()
    {
    }

    /** Writes the facts of {@code machine}. */
    public static FactWriter of(final Machine machine)
    {
        final FactWriter facts = new FactWriter();
        facts.add(FactKind.MACHINE, atom(machine.name()), atom(machine.cpuModel()), integer(machine.frequencyHz()),
            atom(machine.simulated() ? "simulated" : "native"));
        for (final Cpu cpu : machine.cpus())
        {
            facts.add(FactKind.CORE, integer(cpu.id()), integer(cpu.packageId()), integer(cpu.coreId()),
                integer(cpu.numaNode()));
        }
        for (final Cpu cpu : machine.cpus())
        {
            facts.add(FactKind.THREAD_SIBLINGS, integer(cpu.id()), integers(cpu.threadSiblings()));
        }
        final List<NumaNode> nodes = machine.numaNodes();
        for (final NumaNode node : nodes)
        {
            facts.add(FactKind.NUMA_NODE, integer(node.id()), integer(node.memoryBytes()), integers(node.cpus()));
        }
        final int highestNode = nodes.stream().mapToInt(NumaNode::id).max().orElse(0);
        for (final NumaNode from : nodes)
        {
            // Linux lists distances by node position; a list of the wrong length is no distance at all.
            if (from.distances().size() == nodes.size())
            {
                final List<Term> row = new ArrayList<>(Collections.nCopies(highestNode + 1, integer(-1)));
                for (int to = 0; to < nodes.size(); to++)
                {
                    row.set(nodes.get(to).id(), integer(from.distances().get(to)));
                }
                facts.add(FactKind.NODE_DISTANCE_ROW, integer(from.id()), new Term.Compound("distances", row));
            }
        }
        for (final Cache cache : machine.caches())
        {
            facts.add(FactKind.CACHE, integer(cache.level()), atom(cache.type().toLowerCase(Locale.ROOT)),
                integer(cache.sizeBytes()), integers(cache.sharedCpus()));
        }
        return facts;
    }
}
