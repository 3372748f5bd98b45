package dev.flotilla.bench.sim;

import dev.flotilla.bench.BenchCommand;
import dev.flotilla.bench.QuickOption;
import dev.flotilla.sim.machine.MachineSpec;
import dev.flotilla.sim.machine.Machines;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code flotilla-bench sim}: how fast the simulator runs on one host thread — host time per simulated
 * message, simulated core-seconds per host second, host time to boot 64 simulated cores — and the
 * paper's shared-memory-versus-messages comparison (Fig. 3) on simulated machines of 16 to 64 cores.
 * Prints Markdown tables; every simulated figure is labelled as such.
 */
public final class SimCommand implements BenchCommand
{
    private static final String USAGE = """
        usage: flotilla-bench sim [--quick]
          --quick  fewer and shorter runs (about a quarter of the time)
        """;

    /** Fig. 3 as read from the paper's slides (paper-results.md section 2), cycles: SHM1, SHM2, SHM4, SHM8, MSG1, MSG8. */
    private static final int[][] PAPER_FIG3 = {
        {2, 0, 600, 760, 1690, 1290, 1300}, {4, 50, 1100, 1520, 2860, 1270, 1290},
        {8, 140, 1660, 3170, 6020, 2570, 2660}, {16, 900, 2970, 7410, 11720, 5570, 5810}};

    @Override
    public String name()
    {
        return "sim";
    }

    @Override
    public String summary()
    {
        return "the simulator's speed (host time per simulated message, 64-core boot) and Fig. 3 on 16-64 simulated cores";
    }

    @Override
    public int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return QuickOption.run("sim", USAGE, args, out, err, quick -> report(quick, out));
    }

    private static void report(final boolean quick, final PrintStream out) throws InterruptedException
    {
        out.printf("# Simulator benchmark%n%nHost: %s; JDK %s; load average before: %s.%n", host(),
            System.getProperty("java.vm.version"), loadAverage());
        out.println("Every time below marked virtual is SIMULATED; host times are wall-clock on one host thread.");

        out.printf("%n## Booting the OS on a simulated machine (host time)%n%n");
        out.println("| machine | ping rounds per pair | first boot in the JVM (ms) | median later boot (ms) "
            + "| virtual boot to full mesh | virtual time to halt | messages |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        final BootTiming boots = new BootTiming(quick ? 3 : 5);
        for (final int rounds : new int[] {1, 100, 1000})
        {
            final BootTiming.Result r = boots.boot("generic:64x8", rounds);
            out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.1f us | %.2f ms | %,d |%n", r.machine(), r.pingRounds(),
                r.firstHostMs(), r.medianHostMs(), r.bootVirtualNs() / 1e3, r.totalVirtualNs() / 1e6, r.messages());
        }

        out.printf("%n## Simulator speed (one host thread)%n%n");
        out.println("| workload | messages per run | host ns / message | million messages / host s "
            + "| simulated core-s / host s |");
        out.println("|---|---:|---:|---:|---:|");
        final MessageRate rate = new MessageRate(quick ? 3 : 5, quick ? 250_000 : 1_000_000);
        for (final MessageRate.Result r : new MessageRate.Result[] {rate.pingPong(), rate.stream(), rate.manyPairs()})
        {
            out.printf(Locale.ROOT, "| %s | %,d | %.0f | %.2f | %.2f |%n", r.workload(), r.messages(),
                r.hostNsPerMessage(), r.messagesPerHostSecond() / 1e6, r.coreSecondsPerHostSecond());
        }

        final long spanPs = quick ? 500_000_000L : 2_000_000_000L;
        out.printf("%n## Fig. 3 on the simulated 4x4-core AMD: cycles per update (SIMULATED; paper in brackets)%n%n");
        fig3(out, Machines.load("amd-4x4"), new int[] {2, 4, 8, 12, 16}, spanPs, true);
        out.printf("%n## Fig. 3 on a simulated 64-core machine (generic:64x8): cycles per update (SIMULATED)%n%n");
        fig3(out, Machines.load("generic:64x8"), new int[] {2, 8, 16, 32, 64}, spanPs, false);
    }

    private static void fig3(final PrintStream out, final MachineSpec spec, final int[] coreCounts, final long spanPs,
        final boolean paper)
    {
        final SharedVersusMessages experiment = new SharedVersusMessages(spec, spanPs);
        out.println("| cores | SHM1 | SHM2 | SHM4 | SHM8 | MSG1 | MSG8 |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (final int cores : coreCounts)
        {
            final double[] row = {experiment.sharedMemory(cores, 1), experiment.sharedMemory(cores, 2),
                experiment.sharedMemory(cores, 4), experiment.sharedMemory(cores, 8), experiment.messages(cores, 1),
                experiment.messages(cores, 8)};
            final int[] published = paper ? paperRow(cores) : null;
            final StringBuilder line = new StringBuilder("| ").append(cores).append(" |");
            for (int i = 0; i < row.length; i++)
            {
                line.append(String.format(Locale.ROOT, " %,.0f", row[i]));
                if (published != null)
                {
                    line.append(String.format(Locale.ROOT, " [%,d]", published[i + 1]));
                }
                line.append(" |");
            }
            out.println(line);
        }
    }

    private static int[] paperRow(final int cores)
    {
        for (final int[] row : PAPER_FIG3)
        {
            if (row[0] == cores)
            {
                return row;
            }
        }
        return null;
    }

    private static String host()
    {
        String model = "unknown CPU";
        try
        {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(model);
        }
        catch (final IOException ignored)
        {
            // not Linux: the model stays unknown
        }
        return model + ", " + Runtime.getRuntime().availableProcessors() + " CPUs";
    }

    private static String loadAverage()
    {
        try
        {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        }
        catch (final IOException e)
        {
            return "unknown";
        }
    }
}
