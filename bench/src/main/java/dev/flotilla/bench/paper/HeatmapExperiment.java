package dev.flotilla.bench.paper;

import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.monitor.RoundTrips;
import dev.flotilla.platform.IdlePolicy;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.linux.Affinity;
import dev.flotilla.platform.linux.LinuxPlatform;
import dev.flotilla.platform.linux.SysfsDiscovery;
import dev.flotilla.runtime.Boot;
import dev.flotilla.runtime.BootResult;
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
import java.util.Arrays;
import java.util.List;

/**
 * {@code heatmap}: the round-trip matrix a boot measures (monitor to monitor, through both CPU drivers'
 * dispatch: what the SKB is told), drawn as a heat map in cycles — on a simulated machine (the 8x4-core AMD by
 * default) and natively. Writes {@code heatmap.md} and {@code heatmap-MACHINE.png}.
 */
final class HeatmapExperiment implements Experiment
{
    @Override
    public String name()
    {
        return "heatmap";
    }

    @Override
    public String summary()
    {
        return "the boot's monitor-to-monitor round-trip matrix as a heat map PNG (simulated amd-8x4 and native)";
    }

    @Override
    public Section run(final ExperimentOptions options, final PrintStream progress) throws Exception
    {
        final StringBuilder doc = new StringBuilder("# The boot's round-trip matrix\n\n")
            .append("Command: `./flotilla bench heatmap").append(options.quick() ? " --quick" : "").append("`. ")
            .append("Each cell: the median monitor-to-monitor round trip the boot measured for that pair of cores ")
            .append("(a 7-word message through both CPU drivers' dispatch), in cycles.\n\n");
        final List<String> files = new ArrayList<>(List.of("heatmap.md"));
        final List<String> results = new ArrayList<>();
        if (!options.nativeOnly())
        {
            final MachineSpec spec = Machines.load(options.sim().orElse("amd-8x4"));
            final int cores = options.coresOf(spec.cores());
            progress.println("heatmap: booting simulated " + spec.name() + " on " + cores + " cores ...");
            try (SimPlatform sim = new SimPlatform(spec, cores, SimOptions.seeded(options.seed())))
            {
                final double[][] cycles = boot(sim, new SimInterconnect(sim), MonitorConfig.defaults(cores)
                    .withWarmupNs(0, 0).withPingRounds(options.quick() ? 2 : 20), spec.clockGhz());
                results.add(draw(MachineHeader.simulated(spec, options.seed()), cycles, options, doc, files));
            }
        }
        if (options.sim().isEmpty())
        {
            final int cpus = Math.max(1, Affinity.allowedCpus().isEmpty() ? Runtime.getRuntime().availableProcessors()
                : Affinity.allowedCpus().cardinality());
            final int cores = options.coresOf(cpus);
            if (cores >= 2)
            {
                progress.println("heatmap: booting natively on " + cores + " cores ...");
                final MachineHeader header = MachineHeader.nativeHost();
                try (LinuxPlatform platform = new LinuxPlatform(SysfsDiscovery.discoverHost(), cores,
                    IdlePolicy.POLL_THEN_BLOCK))
                {
                    final double[][] cycles = boot(platform, new SharedMemoryInterconnect(platform),
                        MonitorConfig.defaults(cores).withPingRounds(options.quick() ? 200 : 2000), header.clockGhz());
                    results.add(draw(header, cycles, options, doc, files));
                }
            }
        }
        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve("heatmap.md"), doc.toString());
        return new Section("heatmap: the boot's round-trip matrix",
            "the SKB learns the machine's structure from measured message latencies (paper section 4.7); on the "
                + "8x4-core AMD a core's round trips grow with the HyperTransport hops to the other package.",
            String.join(" ", results), "yes on the simulator (by construction of its cost model); natively the "
                + "2-vCPU machine has one pair.",
            "simulated round trips are the cost model's, monitor to monitor (more than Table 2's channel alone: "
                + "both CPU drivers' dispatch steps and the polls of the other channels are included).", files);
    }

    private static double[][] boot(final Platform platform, final Interconnect interconnect, final MonitorConfig config,
        final double clockGhz) throws InterruptedException
    {
        final BootResult result = Boot.run(platform, interconnect, config);
        if (!result.succeeded())
        {
            throw new IllegalStateException("the boot failed: " + result.error().orElse("?"));
        }
        final RoundTrips rtt = result.outcome().orElseThrow().roundTrips();
        final long[][] ns = rtt.medians();
        final double[][] cycles = new double[ns.length][];
        for (int a = 0; a < ns.length; a++)
        {
            cycles[a] = Arrays.stream(ns[a]).mapToDouble(v -> v <= 0 ? -1 : v * clockGhz).toArray();
        }
        return cycles;
    }

    private static String draw(final MachineHeader header, final double[][] cycles, final ExperimentOptions options,
        final StringBuilder doc, final List<String> files) throws java.io.IOException
    {
        final String png = "heatmap-" + header.name().replace(':', '-') + ".png";
        HeatMap.writePng(options.out().resolve(png), "Boot round trips, cycles", header, cycles);
        files.add(png);
        final double[] all = Arrays.stream(cycles).flatMapToDouble(Arrays::stream).filter(v -> v > 0).sorted().toArray();
        final String range = all.length == 0 ? "no pairs measured" : "median round trips from "
            + MarkdownTable.number(all[0]) + " to " + MarkdownTable.number(all[all.length - 1]) + " cycles (median "
            + MarkdownTable.number(all[all.length / 2]) + ") over " + cycles.length + " cores";
        doc.append("## ").append(header.name()).append("\n\n").append(header.markdown()).append('\n')
            .append(range).append(".\n\n");
        if (cycles.length <= 8)
        {
            final String[] columns = new String[cycles.length + 1];
            columns[0] = "core";
            for (int b = 0; b < cycles.length; b++)
            {
                columns[b + 1] = b + "#";
            }
            final MarkdownTable table = new MarkdownTable(columns);
            for (int a = 0; a < cycles.length; a++)
            {
                final Object[] row = new Object[cycles.length + 1];
                row[0] = Integer.toString(a);
                for (int b = 0; b < cycles.length; b++)
                {
                    row[b + 1] = cycles[a][b] > 0 ? MarkdownTable.number(cycles[a][b]) : "-";
                }
                table.row(row);
            }
            doc.append(table.render()).append('\n');
        }
        doc.append("![round trips on ").append(header.name()).append("](").append(png).append(")\n\n");
        return header.name() + ": " + range + ".";
    }
}
