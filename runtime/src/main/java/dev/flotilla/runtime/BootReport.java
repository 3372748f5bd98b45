package dev.flotilla.runtime;

import dev.flotilla.caps.Capability;
import dev.flotilla.kernel.BootCapability;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.monitor.BootOutcome;
import dev.flotilla.monitor.RoundTrips;
import dev.flotilla.platform.PinStatus;
import dev.flotilla.platform.topology.Cache;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Renders a {@link BootResult} as the human-readable boot report or as one JSON object. */
public final class BootReport
{
    /** Larger round-trip matrices are summarised by kind of pair in the text report. */
    static final int SUMMARISE_ABOVE = 16;

    private BootReport()
    {
    }

    /** The report as text, one section per line group. */
    public static String text(final BootResult result)
    {
        final StringBuilder out = new StringBuilder();
        final Machine machine = result.machine();
        final String label = result.simulated() ? " (SIMULATED: every time below is virtual)" : "";
        out.append("Flotilla boot report - ").append(result.platformName()).append(" platform").append(label).append('\n');
        out.append(String.format("  machine   %s: %s, %d CPU%s in %d package%s, %d NUMA node%s%s%n", machine.name(),
            machine.cpuModel(), machine.cpus().size(), plural(machine.cpus().size()), machine.packageCount(),
            plural(machine.packageCount()), machine.numaNodes().size(), plural(machine.numaNodes().size()),
            machine.frequencyHz() > 0 ? String.format(Locale.ROOT, ", %.2f GHz", machine.frequencyHz() / 1e9) : ""));
        result.simulation().ifPresent(sim -> out.append(String.format(Locale.ROOT,
            "  simulated seed %d, trace hash %s; %s of virtual time to halt, %d core steps, %d messages%n", sim.seed(),
            sim.traceHashHex(), duration(sim.virtualNs()), sim.steps(), sim.deliveries())));
        for (final NumaNode node : machine.numaNodes())
        {
            out.append(String.format("  node %-4d CPUs %s%s%n", node.id(), ranges(node.cpus()),
                node.memoryBytes() > 0 ? ", " + bytes(node.memoryBytes()) + " memory" : ""));
        }
        out.append("  caches    ").append(caches(machine)).append('\n');
        result.memory().ifPresent(memory -> memoryText(out, memory));
        out.append(String.format("  kernels   %d, one per core%s%s%n", result.config().cores(),
            result.config().cores() > machine.cpus().size() ? " (more kernels than CPUs: some share a CPU)" : "",
            result.kernels().isEmpty() ? ""
                : "; each dispatch timed against a " + duration(result.kernels().getFirst().timeSliceNs()) + " slice"));
        for (final PinStatus pin : result.pins())
        {
            final String placement = result.simulated() ? pin.detail()
                : pin.pinned() ? "pinned" : "NOT pinned (" + pin.detail() + ")";
            out.append(String.format("    core %-3d cpu %-3d %s%s%s%n", pin.core(), pin.cpu(), placement,
                pin.shared() ? ", shares its CPU" : "", result.kernel(pin.core()).map(BootReport::countsText).orElse("")));
        }
        result.outcome().ifPresent(outcome -> outcomeText(out, result, outcome));
        result.error().ifPresentOrElse(error -> out.append("  FAILED    ").append(error).append('\n'),
            () -> out.append("  halt      ").append(haltRoute(result)).append("; every core acknowledged\n"));
        return out.toString();
    }

    /** A core's dispatches, as the tail of its line in the kernels section. */
    private static String countsText(final KernelCounts counts)
    {
        return String.format("; %d dispatch%s, %d over the slice, longest %s", counts.dispatches(),
            counts.dispatches() == 1 ? "" : "es", counts.overruns(), duration(counts.longestDispatchNs()));
    }

    private static void memoryText(final StringBuilder out, final MemoryReport memory)
    {
        out.append(String.format("  memory    %s physical at [0x%x, 0x%x), %s%n", bytes(memory.bytes()), memory.base(),
            memory.base() + memory.bytes(), memory.backing().equals("mmap")
                ? "an mmap whose host pages are committed on first touch" : "from an arena, committed at once"));
        for (final BootCapability ram : memory.ram())
        {
            final Capability cap = ram.capability();
            out.append(String.format("    %s node %d [0x%x, 0x%x) %s, rights %s, in init's CSpace at %s on core 0%n",
                cap.type(), ram.numaNode(), cap.base(), cap.end(), bytes(cap.size()), cap.rights(), ram.ref()));
        }
    }

    private static void outcomeText(final StringBuilder out, final BootResult result, final BootOutcome outcome)
    {
        final int cores = result.config().cores();
        out.append(String.format("  channels  %d monitor channel%s%s, %d slots x 64 B per direction%n", outcome.channels(),
            plural(outcome.channels()), outcome.transport() == null ? "" : " (" + outcome.transport() + ", full mesh of "
                + cores + " cores)", result.config().ringSlots()));
        out.append(String.format(Locale.ROOT, "  boot      %s to a complete mesh; round trips measured in %s (%d per pair)%n",
            duration(outcome.bootNs()), duration(outcome.measureNs()), result.config().pingRounds()));
        if (cores < 2 || !outcome.succeeded())
        {
            return;
        }
        final RoundTrips rtt = outcome.roundTrips();
        final int unsettled = rtt.unsettledPairs().size();
        out.append(unsettled == 0 ? "  warm-up   every pair's median stopped moving before it was recorded\n"
            : String.format("  warm-up   %d pair%s did not settle within the warm-up bound: their figures may still "
                + "include the JIT or cold caches (more --ping-rounds, or a quieter machine, helps)%n", unsettled,
                plural(unsettled)));
        if (cores > SUMMARISE_ABOVE)
        {
            out.append("  round trip by kind of pair (the full matrix is in --json):\n");
            for (final PairClasses kind : PairClasses.of(rtt, result.machine(), result.pins()))
            {
                out.append("    ").append(kind).append('\n');
            }
            return;
        }
        final boolean cycles = result.machine().frequencyHz() > 0;
        out.append("  round trip, median ns").append(cycles ? " [cycles]" : "").append(":\n");
        final int width = cycles ? 16 : 9;
        out.append("          ");
        for (int b = 0; b < cores; b++)
        {
            out.append(String.format("%" + width + "s", "core " + b));
        }
        out.append('\n');
        for (int a = 0; a < cores; a++)
        {
            out.append(String.format("  core %-4d", a));
            for (int b = 0; b < cores; b++)
            {
                final String cell = a == b ? "-" : rtt.medianNs(a, b)
                    + (cycles ? " [" + result.machine().cycles(rtt.medianNs(a, b)) + "]" : "");
                out.append(String.format("%" + width + "s", cell));
            }
            out.append('\n');
        }
    }

    /** How the halt travelled: along the SKB's multicast tree, or straight from core 0. */
    private static String haltRoute(final BootResult result)
    {
        final Optional<MulticastTree> tree = result.outcome().flatMap(BootOutcome::haltTree);
        if (tree.isEmpty() || tree.get().depth() < 2)
        {
            return "broadcast by core 0 to every core";
        }
        final long aggregators = tree.get().children().stream().filter(c -> !c.children().isEmpty()).count();
        return "multicast along the SKB's NUMA-aware tree (" + aggregators + " aggregator" + plural((int)aggregators)
            + ", depth " + tree.get().depth() + ")";
    }

    /** The report as a single JSON object. */
    public static String json(final BootResult result)
    {
        final Json json = new Json().beginObject();
        final Machine machine = result.machine();
        json.field("platform", result.platformName()).field("simulated", result.simulated());
        result.simulation().ifPresentOrElse(sim -> json.name("simulation").beginObject().field("machine", sim.machine())
            .field("seed", sim.seed()).field("traceHash", sim.traceHashHex()).field("virtualNs", sim.virtualNs())
            .field("steps", sim.steps()).field("messages", sim.deliveries()).endObject(),
            () -> json.field("simulation", (String)null));
        json.name("machine").beginObject().field("name", machine.name()).field("cpuModel", machine.cpuModel())
            .field("frequencyHz", machine.frequencyHz()).field("cpus", machine.cpus().size())
            .field("packages", machine.packageCount());
        json.name("numaNodes").beginArray();
        for (final NumaNode node : machine.numaNodes())
        {
            json.beginObject().field("id", node.id()).field("memoryBytes", node.memoryBytes());
            longs(json.name("cpus"), node.cpus());
            json.endObject();
        }
        json.endArray().name("caches").beginArray();
        for (final Cache cache : machine.caches())
        {
            json.beginObject().field("level", cache.level()).field("type", cache.type())
                .field("sizeBytes", cache.sizeBytes());
            longs(json.name("sharedCpus"), cache.sharedCpus());
            json.endObject();
        }
        json.endArray().endObject();
        json.name("cores").beginArray();
        for (final PinStatus pin : result.pins())
        {
            json.beginObject().field("core", pin.core()).field("cpu", pin.cpu()).field("pinned", pin.pinned())
                .field("sharesCpu", pin.shared()).field("pinDetail", pin.detail());
            result.kernel(pin.core()).ifPresentOrElse(counts -> countsJson(json, counts),
                () -> json.field("kernel", (String)null));
            json.endObject();
        }
        json.endArray();
        result.memory().ifPresentOrElse(memory -> memoryJson(json, memory), () -> json.field("memory", (String)null));
        json.field("ringSlots", result.config().ringSlots()).field("pingRounds", result.config().pingRounds());
        result.outcome().ifPresent(outcome -> outcomeJson(json, result, outcome));
        result.outcome().flatMap(BootOutcome::haltTree).ifPresent(tree -> json.field("haltTree", tree.toString()));
        json.field("succeeded", result.succeeded());
        json.field("error", result.error().orElse(null));
        return json.endObject().toString();
    }

    /** A core's CPU driver counts: null for a core that had not halted. */
    private static void countsJson(final Json json, final KernelCounts counts)
    {
        json.name("kernel").beginObject().field("steps", counts.steps()).field("dispatches", counts.dispatches())
            .field("skippedWhileBlocked", counts.skippedWhileBlocked()).field("timeSliceNs", counts.timeSliceNs())
            .field("overruns", counts.overruns()).field("longestDispatchNs", counts.longestDispatchNs()).endObject();
    }

    private static void memoryJson(final Json json, final MemoryReport memory)
    {
        json.name("memory").beginObject().field("bytes", memory.bytes()).field("base", memory.base())
            .field("backing", memory.backing()).name("ramCapabilities").beginArray();
        for (final BootCapability ram : memory.ram())
        {
            final Capability cap = ram.capability();
            json.beginObject().field("type", cap.type().name()).field("node", ram.numaNode()).field("base", cap.base())
                .field("bytes", cap.size()).field("rights", cap.rights().toString()).field("slot", ram.ref().toString())
                .endObject();
        }
        json.endArray().endObject();
    }

    private static void outcomeJson(final Json json, final BootResult result, final BootOutcome outcome)
    {
        json.field("channels", outcome.channels())
            .field("transport", outcome.transport() == null ? null : outcome.transport().name())
            .field("bootNs", outcome.bootNs()).field("measureNs", outcome.measureNs());
        final RoundTrips rtt = outcome.roundTrips();
        json.name("roundTripMedianNs").beginArray();
        for (int a = 0; a < rtt.cores(); a++)
        {
            json.beginArray();
            for (int b = 0; b < rtt.cores(); b++)
            {
                json.value(rtt.medianNs(a, b));
            }
            json.endArray();
        }
        json.endArray().name("roundTripsSettled").value(rtt.unsettledPairs().isEmpty());
        json.name("roundTripP99Ns").beginArray();
        for (int a = 0; a < rtt.cores(); a++)
        {
            json.beginArray();
            for (int b = 0; b < rtt.cores(); b++)
            {
                json.value(rtt.p99Ns(a, b));
            }
            json.endArray();
        }
        json.endArray();
        if (result.machine().frequencyHz() > 0)
        {
            json.name("roundTripMedianCycles").beginArray();
            for (int a = 0; a < rtt.cores(); a++)
            {
                json.beginArray();
                for (int b = 0; b < rtt.cores(); b++)
                {
                    json.value(result.machine().cycles(rtt.medianNs(a, b)));
                }
                json.endArray();
            }
            json.endArray();
        }
    }

    private static void longs(final Json json, final List<Integer> values)
    {
        json.beginArray();
        values.forEach(json::value);
        json.endArray();
    }

    private static String caches(final Machine machine)
    {
        if (machine.caches().isEmpty())
        {
            return "unknown";
        }
        return machine.caches().stream()
            .collect(Collectors.groupingBy(c -> "L" + c.level() + typeSuffix(c.type()) + " " + bytes(c.sizeBytes()),
                java.util.TreeMap::new, Collectors.toList()))
            .entrySet().stream()
            .map(e -> e.getKey() + " x" + e.getValue().size() + " (" + sharing(e.getValue().getFirst(), machine) + ")")
            .collect(Collectors.joining(", "));
    }

    private static String sharing(final Cache cache, final Machine machine)
    {
        final int n = cache.sharedCpus().size();
        if (n == 1)
        {
            return "per CPU";
        }
        final Cpu first = machine.cpu(cache.sharedCpus().getFirst()).orElse(null);
        final boolean smt = first != null && first.threadSiblings().equals(cache.sharedCpus());
        return smt ? "per core" : "shared by " + n + " CPUs";
    }

    private static String typeSuffix(final String type)
    {
        return switch (type)
        {
            case "Data" -> "d";
            case "Instruction" -> "i";
            default -> "";
        };
    }

    static String ranges(final List<Integer> cpus)
    {
        final StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < cpus.size())
        {
            int j = i;
            while (j + 1 < cpus.size() && cpus.get(j + 1) == cpus.get(j) + 1)
            {
                j++;
            }
            if (out.length() > 0)
            {
                out.append(',');
            }
            out.append(cpus.get(i));
            if (j > i)
            {
                out.append('-').append(cpus.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }

    static String bytes(final long bytes)
    {
        if (bytes <= 0)
        {
            return "? B";
        }
        final String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%d %s", (long)value, units[unit])
            : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String duration(final long nanos)
    {
        if (nanos < 1_000)
        {
            return nanos + " ns";
        }
        if (nanos < 1_000_000)
        {
            return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
        }
        if (nanos < 10_000_000_000L)
        {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String plural(final int n)
    {
        return n == 1 ? "" : "s";
    }
}
