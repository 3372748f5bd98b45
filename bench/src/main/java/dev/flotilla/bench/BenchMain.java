package dev.flotilla.bench;

import dev.flotilla.bench.caps.CapsCommand;
import dev.flotilla.bench.channels.ChannelsCommand;
import dev.flotilla.bench.layouts.LayoutsCommand;
import dev.flotilla.bench.rpc.RpcCommand;
import dev.flotilla.bench.sim.SimCommand;
import dev.flotilla.bench.skb.SkbCommand;
import dev.flotilla.bench.soak.SoakCommand;
import dev.flotilla.bench.threads.ThreadsCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The benchmark launcher: {@code java -jar flotilla-bench.jar <benchmark> [options]} picks a
 * benchmark by name and hands it the rest of the arguments. New benchmarks are added to
 * {@link #BENCHMARKS}.
 */
public final class BenchMain
{
    /** Exit status for bad arguments, as the shell's builtins use it. */
    public static final int USAGE = 2;

    private static final List<BenchCommand> BENCHMARKS = List.of(new ChannelsCommand(), new SkbCommand(),
        new SimCommand(), new CapsCommand(), new LayoutsCommand(), new ThreadsCommand(), new RpcCommand(),
        new SoakCommand());

    private BenchMain()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the benchmark that {@code args[0]} names; returns the exit status. */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 0)
        {
            err.println("no benchmark named");
            err.print(usage());
            return USAGE;
        }
        final String name = args[0];
        if (name.equals("-h") || name.equals("--help") || name.equals("help"))
        {
            out.print(usage());
            return 0;
        }
        for (final BenchCommand benchmark : all())
        {
            if (benchmark.name().equals(name))
            {
                return benchmark.run(Arrays.copyOfRange(args, 1, args.length), out, err);
            }
        }
        err.println("unknown benchmark '" + name + "'; known benchmarks: " + names());
        err.print(usage());
        return USAGE;
    }

    /** The names of the known benchmarks, comma-separated. */
    static String names()
    {
        return all().stream().map(BenchCommand::name).collect(Collectors.joining(", "));
    }

    static String usage()
    {
        final StringBuilder text = new StringBuilder("usage: flotilla-bench <benchmark> [options]\n")
            .append("       flotilla-bench <benchmark> --help\n\nbenchmarks:\n");
        final int width = all().stream().mapToInt(b -> b.name().length()).max().orElse(0);
        for (final BenchCommand benchmark : all())
        {
            text.append("  ").append(String.format("%-" + width + "s", benchmark.name())).append("  ")
                .append(benchmark.summary()).append('\n');
        }
        return text.toString();
    }

    /** The benchmarks, then the paper's experiments (issue 14: urpc, fig3, heatmap, paper). */
    private static List<BenchCommand> all()
    {
        return java.util.stream.Stream.concat(BENCHMARKS.stream(), dev.flotilla.bench.paper.Experiments.COMMANDS.stream())
            .toList();
    }
}
