package dev.flotilla.runtime;

import dev.flotilla.monitor.RoundTrips;
import dev.flotilla.platform.PinStatus;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The round-trip matrix summarised by kind of pair, for machines too large to print it whole: pairs in one
 * package, and pairs in different packages grouped by the NUMA distance between their nodes (the SLIT:
 * 10 local, larger for each interconnect hop). Each class has its pair count and the minimum, median and
 * maximum of its pairs' medians.
 *
 * @param name    how the class is named in the report.
 * @param pairs   how many pairs.
 * @param minNs   the smallest pair median.
 * @param medianNs the median of the pair medians.
 * @param maxNs   the largest pair median.
 */
record PairClasses(String name, int pairs, long minNs, long medianNs, long maxNs)
{
    /** The classes of {@code rtt}'s pairs, the nearest first. */
    static List<PairClasses> of(final RoundTrips rtt, final Machine machine, final List<PinStatus> pins)
    {
        final Map<Integer, List<Long>> byClass = new TreeMap<>(); // 0: same package, else the NUMA distance
        for (int a = 0; a < rtt.cores(); a++)
        {
            for (int b = a + 1; b < rtt.cores(); b++)
            {
                byClass.computeIfAbsent(classOf(machine, cpu(machine, pins, a), cpu(machine, pins, b)),
                    k -> new ArrayList<>()).add(rtt.medianNs(a, b));
            }
        }
        final List<PairClasses> classes = new ArrayList<>();
        byClass.forEach((key, medians) ->
        {
            final long[] sorted = medians.stream().mapToLong(Long::longValue).sorted().toArray();
            classes.add(new PairClasses(key == 0 ? "same package" : "other package, NUMA distance " + key, sorted.length,
                sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1]));
        });
        return classes;
    }

    private static Cpu cpu(final Machine machine, final List<PinStatus> pins, final int core)
    {
        final int id = pins.stream().filter(pin -> pin.core() == core).mapToInt(PinStatus::cpu).findFirst().orElse(core);
        return machine.cpu(id).orElse(null);
    }

    private static int classOf(final Machine machine, final Cpu a, final Cpu b)
    {
        if (a == null || b == null || a.packageId() == b.packageId())
        {
            return 0;
        }
        return machine.numaNodes().stream().filter(node -> node.id() == a.numaNode()).findFirst()
            .map(node -> b.numaNode() < node.distances().size() ? node.distances().get(b.numaNode()) : -1)
            .orElse(-1);
    }

    @Override
    public String toString()
    {
        return name + ": " + pairs + " pair" + (pairs == 1 ? "" : "s") + ", median " + medianNs + " ns (" + minNs + " to "
            + maxNs + ")";
    }
}
