package dev.flotilla.bench.paper;

import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.IdlePolicy;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.linux.Affinity;
import dev.flotilla.platform.linux.LinuxPlatform;
import dev.flotilla.platform.linux.SysfsDiscovery;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.MachineSpec;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.urpc.Interconnect;
import dev.flotilla.urpc.SharedMemoryInterconnect;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@code memserv} (issue 11's speed section): allocations per second against the number of cores allocating at
 * once, one central memserv against one instance per NUMA node, through the booted OS ({@link MemservLoad}: every
 * allocation a blocking RPC whose reply carries a RAM capability across cores); and the latency of carrying a
 * capability across cores ({@link CapHandOver}: the same round trip with and without one). On the simulated 8x4
 * AMD (32 cores, 8 nodes) and natively. The target: at 32 simulated cores the per-node design makes at least 4x
 * the central one's allocations per second. Writes {@code memserv.md}, {@code memserv-MACHINE.png} and
 * {@code memserv-native.png}. Not part of {@code paper}: the paper measured no memory server.
 */
final class MemservExperiment implements Experiment
{
    private static final String MACHINE = "amd-8x4";
    private static final long MIB = 1L << 20;
    /** What the 32-core per-node design must reach, as a multiple of the central one's allocations per second. */
    private static final double TARGET = 4.0;
    /**
     * Rounds natively: a round is a millisecond or two of a shared 2-vCPU host, so one round is mostly the host's
     * noise; the median of many is not.
     */
    private static final int NATIVE_WARM_UP_ROUNDS = 5;
    private static final int NATIVE_ROUNDS = 41;
    /** Rounds on the simulator: virtual time has no host noise, only the machine's own (seeded) variation. */
    private static final int SIM_WARM_UP_ROUNDS = 1;
    private static final int SIM_ROUNDS = 9;

    /**
     * How a load repeats its rounds (JMH's iterations, in one boot as in one fork).
     *
     * @param warmUp   rounds run first and discarded.
     * @param measured rounds kept, whose median and spread the table shows.
     */
    record Repeats(int warmUp, int measured)
    {
        String describe()
        {
            return warmUp + " warm-up and " + measured + " measured rounds";
        }
    }

    /**
     * One core count's loads.
     *
     * @param cores   the cores allocating at once (and booted).
     * @param central the load against one instance.
     * @param perNode the load against one instance per node.
     */
    record Row(int cores, MemservLoad.Result central, MemservLoad.Result perNode)
    {
        /** The per-node design's median allocations per second over the central one's. */
        double ratio()
        {
            return perNode.perSecond().median() / central.perSecond().median();
        }

        String failures()
        {
            final List<String> failed = new ArrayList<>();
            if (!central.failure().isEmpty())
            {
                failed.add("central: " + central.failure());
            }
            if (!perNode.failure().isEmpty())
            {
                failed.add("per node: " + perNode.failure());
            }
            return failed.isEmpty() ? "-" : String.join("; ", failed);
        }
    }

    @Override
    public String name()
    {
        return "memserv";
    }

    @Override
    public String summary()
    {
        return "memserv allocations per second against cores, central against per NUMA node; cross-core capability "
            + "transfer latency";
    }

    @Override
    public Section run(final ExperimentOptions options, final PrintStream progress) throws Exception
    {
        final int allocations = options.quick() ? 8 : 64;
        final int nativeWarmUp = options.quick() ? 100 : 2_000;
        final Repeats nativeRounds = options.quick() ? new Repeats(1, 3) : new Repeats(NATIVE_WARM_UP_ROUNDS, NATIVE_ROUNDS);
        final Repeats simRounds = options.quick() ? new Repeats(1, 2) : new Repeats(SIM_WARM_UP_ROUNDS, SIM_ROUNDS);
        final int rounds = options.quick() ? 20 : 400;
        final StringBuilder doc = new StringBuilder("# memserv: allocation throughput and capability transfer\n\n")
            .append("Command: `./flotilla bench memserv").append(options.quick() ? " --quick" : "").append("`. ")
            .append("The OS boots on N cores with memserv and the SKB as the runtime starts them, and a domain spans ")
            .append("to cores 0 .. N-1. Each dispatcher binds its node's memserv instance and warms up (one ")
            .append("allocation given back on the simulator, ").append(nativeWarmUp).append(" natively, where the code ")
            .append("must be compiled first), ")
            .append("and then they run rounds together: in each, once all are ready, they allocate at once, ")
            .append(allocations).append(" blocks of 4 KiB ")
            .append("each, one blocking RPC after another (memserv retypes its RAM at the block and the reply carries ")
            .append("the capability: through the monitors when the instance is on another core), keeping the blocks ")
            .append("until all have arrived, then give them back (not timed). The first rounds warm up and are ")
            .append("discarded (").append(nativeRounds.describe()).append(" natively, ").append(simRounds.describe())
            .append(" on the simulator, each configuration in one boot). *Allocations/s*: per round, all cores' ")
            .append("allocations over the span from the first one's start to the last one's end, in platform time ")
            .append("(virtual on the simulator); the table gives the median over the measured rounds and the ")
            .append("interquartile range (*IQR*: the middle half of the rounds lies in it). *Central*: one instance, ")
            .append("on core 0, serves every node under each node's name; *per node*: one instance per NUMA node on ")
            .append("its lowest core (the default). *Per node / central*: the ratio of the medians. *Latency*: per ")
            .append("round the mean over dispatchers of their own span per allocation, median over the rounds. The ")
            .append("target: at 32 simulated cores the per-node design at least ").append(TARGET)
            .append("x the central one.\n\n")
            .append("The transfer latency: a domain spans to a peer core; the first dispatcher alternates ")
            .append(rounds).append(" round trips of `ping` (no capability) and `give` (a 4 KiB RAM capability as ")
            .append("argument, which the peer checks and deletes) through the generated stubs, medians of each; the ")
            .append("difference is what carrying the capability costs (the CPU drivers' serialising and copying, ")
            .append("the monitors' relay both ways).\n\n");
        final List<String> files = new ArrayList<>(List.of("memserv.md"));
        final List<String> results = new ArrayList<>();
        final List<String> verdicts = new ArrayList<>();
        if (!options.nativeOnly())
        {
            final MachineSpec spec = Machines.load(options.sim().orElse(MACHINE));
            final int most = options.coresOf(options.quick() ? Math.min(8, spec.cores()) : spec.cores());
            final List<Row> rows = new ArrayList<>();
            for (final int cores : counts(most))
            {
                progress.println("memserv: simulated " + spec.name() + ", " + cores + " cores ...");
                rows.add(new Row(cores, simLoad(spec, cores, MemservSystem.Design.CENTRAL, simRounds, allocations,
                    options), simLoad(spec, cores, MemservSystem.Design.PER_NODE, simRounds, allocations, options)));
            }
            final List<CapHandOver.Result> transfers = new ArrayList<>();
            final Machine topology = spec.topology();
            for (final int peer : peers(topology, options.coresOf(spec.cores())))
            {
                progress.println("memserv: simulated " + spec.name() + ", capability transfer to core " + peer + " ...");
                final int cores = peer + 1;
                try (SimPlatform sim = new SimPlatform(spec, cores, SimOptions.seeded(options.seed()));
                     PhysicalMemory memory = PhysicalMemory.reserve(256 * MIB, sim.machine().numaNodes()))
                {
                    transfers.add(handOver(sim, new SimInterconnect(sim), simConfig(cores), memory, peer, rounds));
                }
            }
            final MachineHeader header = MachineHeader.simulated(spec, options.seed());
            final String png = "memserv-" + spec.name().replace(':', '-') + ".png";
            write(doc, spec.name() + " (simulated)", header, rows, transfers, topology, png, options);
            files.add(png);
            results.add("Simulated " + spec.name() + ": " + summary(rows, transfers, header));
            verdicts.add(verdict(rows, "the simulated " + spec.name()));
        }
        if (options.sim().isEmpty())
        {
            final MachineHeader header = MachineHeader.nativeHost();
            final int available = Affinity.allowedCpus().isEmpty() ? Runtime.getRuntime().availableProcessors()
                : Affinity.allowedCpus().cardinality();
            final List<Row> rows = new ArrayList<>();
            for (final int cores : counts(options.coresOf(available)))
            {
                progress.println("memserv: native, " + cores + " cores ...");
                rows.add(new Row(cores, nativeLoad(cores, MemservSystem.Design.CENTRAL, nativeWarmUp, nativeRounds,
                    allocations), nativeLoad(cores, MemservSystem.Design.PER_NODE, nativeWarmUp, nativeRounds,
                    allocations)));
            }
            final List<CapHandOver.Result> transfers = new ArrayList<>();
            if (available >= 2)
            {
                progress.println("memserv: native, capability transfer to core 1 ...");
                try (PhysicalMemory memory = PhysicalMemory.reserve(256 * MIB, List.of());
                     LinuxPlatform platform = new LinuxPlatform(SysfsDiscovery.discoverHost(), 2,
                         IdlePolicy.POLL_THEN_BLOCK))
                {
                    transfers.add(handOver(platform, new SharedMemoryInterconnect(platform),
                        MonitorConfig.defaults(2).withPingRounds(10), memory, 1, rounds * 10));
                }
            }
            write(doc, "Native", header, rows, transfers, null, "memserv-native.png", options);
            doc.append("This machine lends ").append(available).append(available == 1 ? " core" : " cores")
                .append(" and has one NUMA node, so natively the two designs are the same one instance on core 0 ")
                .append("and the columns differ only by the host's noise; the scaling claim is the simulator's.\n\n");
            files.add("memserv-native.png");
            results.add("Natively (" + header.machine() + "): " + summary(rows, transfers, header));
        }
        doc.append("## Verdict\n\n").append(String.join("\n\n", results)).append("\n\n")
            .append(verdicts.isEmpty() ? "" : "Target: " + String.join("; ", verdicts) + ".\n\n")
            .append("The simulator charges the channels' cache-line transfers, each message's send and receive, the ")
            .append("CPU drivers' steps, switches and system calls (memserv's retype is one), but not the handlers' ")
            .append("own Java work (docs/04-simulator.md), so the simulated rates are what the message pattern ")
            .append("allows; the ratio between the designs is the claim.\n");
        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve("memserv.md"), doc.toString());
        return new Section("memserv: allocation throughput (issue 11)",
            "one memserv instance per NUMA node scales with the cores allocating at once; one central instance does "
                + "not: at 32 simulated cores the per-node design makes at least " + TARGET + "x the allocations per "
                + "second",
            String.join(" ", results), String.join("; ", verdicts) + ".",
            "a central instance serialises every allocation on core 0 (its retype, its reply, and core 0's monitor "
                + "relaying each capability out), so its rate is flat once a few cores keep it busy; per node, each "
                + "instance serves only its node's four cores, so the rate grows with the nodes in use. Below five "
                + "cores every client is on node 0 and the designs are the same.",
            files);
    }

    private static MonitorConfig simConfig(final int cores)
    {
        return MonitorConfig.defaults(cores).withWarmupNs(0, 0).withPingRounds(1);
    }

    private static MemservLoad.Result simLoad(final MachineSpec spec, final int cores,
        final MemservSystem.Design design, final Repeats repeats, final int allocations,
        final ExperimentOptions options) throws InterruptedException
    {
        try (SimPlatform sim = new SimPlatform(spec, cores, SimOptions.seeded(options.seed()));
             PhysicalMemory memory = PhysicalMemory.reserve(512 * MIB, sim.machine().numaNodes()))
        {
            return load(sim, new SimInterconnect(sim), simConfig(cores), memory, design, 1, repeats, allocations);
        }
    }

    private static MemservLoad.Result nativeLoad(final int cores, final MemservSystem.Design design,
        final int warmUp, final Repeats repeats, final int allocations) throws InterruptedException
    {
        try (PhysicalMemory memory = PhysicalMemory.reserve(256 * MIB, List.of());
             LinuxPlatform platform = new LinuxPlatform(SysfsDiscovery.discoverHost(), cores,
                 IdlePolicy.POLL_THEN_BLOCK))
        {
            return load(platform, new SharedMemoryInterconnect(platform),
                MonitorConfig.defaults(cores).withPingRounds(10), memory, design, warmUp, repeats, allocations);
        }
    }

    private static MemservLoad.Result load(final Platform platform, final Interconnect interconnect,
        final MonitorConfig config, final PhysicalMemory memory, final MemservSystem.Design design,
        final int warmUp, final Repeats repeats, final int allocations) throws InterruptedException
    {
        final int cores = platform.coreCount();
        final AtomicReference<MemservLoad.Result> result = new AtomicReference<>();
        final long status = MemservSystem.run(platform, interconnect, config, memory, design,
            () -> new MemservLoad(cores, warmUp, repeats.warmUp(), repeats.measured(), allocations, result::set),
            120_000_000_000L);
        final MemservLoad.Result done = result.get();
        if (done == null)
        {
            return new MemservLoad.Result(cores, 0, List.of(), "the load did not finish (status " + status + ")");
        }
        return done;
    }

    private static CapHandOver.Result handOver(final Platform platform, final Interconnect interconnect,
        final MonitorConfig config, final PhysicalMemory memory, final int peer, final int rounds)
        throws InterruptedException
    {
        final AtomicReference<CapHandOver.Result> result = new AtomicReference<>();
        final long status = MemservSystem.run(platform, interconnect, config, memory, MemservSystem.Design.PER_NODE,
            () -> new CapHandOver(peer, Math.max(2, rounds / 10), rounds, result::set), 120_000_000_000L);
        final CapHandOver.Result done = result.get();
        return done != null ? done : new CapHandOver.Result(peer, Double.NaN, Double.NaN,
            "did not finish (status " + status + ")");
    }

    /** The peers a capability is carried to from core 0: the nearest core of its package, then of another one. */
    private static List<Integer> peers(final Machine machine, final int cores)
    {
        final List<Integer> peers = new ArrayList<>();
        final Cpu home = machine.cpus().getFirst();
        final Function<Boolean, Integer> first = samePackage ->
        {
            for (int core = 1; core < Math.min(cores, machine.cpus().size()); core++)
            {
                if ((machine.cpus().get(core).packageId() == home.packageId()) == samePackage)
                {
                    return core;
                }
            }
            return -1;
        };
        for (final boolean same : new boolean[] {true, false})
        {
            final int peer = first.apply(same);
            if (peer > 0)
            {
                peers.add(peer);
            }
        }
        return peers;
    }

    /** 1, 2, 4, 8, ... up to {@code most}, and {@code most} itself. */
    private static List<Integer> counts(final int most)
    {
        final List<Integer> counts = new ArrayList<>();
        for (int c = 1; c <= most; c *= 2)
        {
            counts.add(c);
        }
        if (most >= 1 && counts.getLast() != most)
        {
            counts.add(most);
        }
        return counts;
    }

    private static void write(final StringBuilder doc, final String title, final MachineHeader header,
        final List<Row> rows, final List<CapHandOver.Result> transfers, final Machine topology, final String png,
        final ExperimentOptions options) throws java.io.IOException
    {
        final MarkdownTable table = new MarkdownTable("cores#", "central allocations/s#", "central IQR#",
            "per node allocations/s#", "per node IQR#", "per node / central#", "central latency ns#",
            "per node latency ns#", "rounds#", "failures");
        for (final Row row : rows)
        {
            final Quartiles central = row.central().perSecond();
            final Quartiles perNode = row.perNode().perSecond();
            table.row(row.cores(), central.median(), central.range(), perNode.median(), perNode.range(), row.ratio(),
                row.central().meanNs().median(), row.perNode().meanNs().median(),
                Math.min(central.count(), perNode.count()), row.failures());
        }
        final LineChart chart = new LineChart("memserv: allocations per second", header, "cores allocating at once",
            "allocations per second").withoutNsAxis();
        final double[] x = rows.stream().mapToDouble(Row::cores).toArray();
        chart.add("per NUMA node", x, rows.stream().mapToDouble(r -> r.perNode().perSecond().median()).toArray(),
            LineChart.Kind.OURS, 0)
            .add("central", x, rows.stream().mapToDouble(r -> r.central().perSecond().median()).toArray(),
                LineChart.Kind.BASELINE, 1);
        chart.writePng(options.out().resolve(png));
        doc.append("## ").append(title).append("\n\n").append(header.markdown()).append('\n').append(table.render())
            .append('\n').append("![memserv on ").append(header.name()).append("](").append(png).append(")\n\n");
        if (!transfers.isEmpty())
        {
            final MarkdownTable latency = new MarkdownTable("from core 0 to", "ping ns#", "give ns#",
                "transfer ns#", "transfer cycles#", "failure");
            for (final CapHandOver.Result t : transfers)
            {
                latency.row(peerName(topology, t.peer()), t.pingNs(), t.giveNs(), t.transferNs(),
                    header.cycles(t.transferNs()), t.failure().isEmpty() ? "-" : t.failure());
            }
            doc.append("Cross-core capability transfer, ").append(title).append(":\n\n").append(latency.render())
                .append('\n');
        }
    }

    private static String peerName(final Machine topology, final int peer)
    {
        if (topology == null)
        {
            return "core " + peer;
        }
        final boolean same = topology.cpus().get(peer).packageId() == topology.cpus().getFirst().packageId();
        return "core " + peer + (same ? " (same package)" : " (another package)");
    }

    private static String summary(final List<Row> rows, final List<CapHandOver.Result> transfers,
        final MachineHeader header)
    {
        final Row last = rows.getLast();
        final StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
            "at %d cores %s allocations/s per node (IQR %s) against %s central (IQR %s), medians of %d rounds "
                + "(%.1fx)", last.cores(), MarkdownTable.number(last.perNode().perSecond().median()),
            last.perNode().perSecond().range(), MarkdownTable.number(last.central().perSecond().median()),
            last.central().perSecond().range(), last.central().perSecond().count(), last.ratio()));
        for (final CapHandOver.Result t : transfers)
        {
            text.append(String.format(Locale.ROOT, "; carrying a capability to core %d adds %s ns (%s cycles) to a "
                + "%s ns round trip", t.peer(), MarkdownTable.number(t.transferNs()),
                MarkdownTable.number(header.cycles(t.transferNs())), MarkdownTable.number(t.pingNs())));
        }
        return text.append(last.failures().equals("-") ? "." : "; FAILED: " + last.failures() + ".").toString();
    }

    private static String verdict(final List<Row> rows, final String machine)
    {
        final Row last = rows.getLast();
        if (!last.failures().equals("-"))
        {
            return "not tested on " + machine + " (loads failed)";
        }
        final boolean met = last.ratio() >= TARGET;
        return String.format(Locale.ROOT, "%s on %s: at %d cores the per-node design makes %.1fx the central one's "
            + "allocations per second (target %.0fx)%s", met ? "met" : "missed", machine, last.cores(), last.ratio(),
            TARGET, last.cores() < 32 ? ", fewer than the 32 cores of the target" : "");
    }
}
