package dev.flotilla.bench.paper;

import static dev.flotilla.bench.OptionWords.number;
import static dev.flotilla.bench.OptionWords.value;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The options every paper experiment takes: {@code --cores N} (at most N cores; 0 means all the machine has),
 * {@code --sim MACHINE} (only that simulated machine, no native run), {@code --native} (only the native run),
 * {@code --quick} (small sizes), {@code --seed N} (the simulator's seed), {@code --out DIR} (where the tables
 * and charts go; {@code docs/results} by default).
 *
 * @param cores      the most cores to use, 0 for all; never negative.
 * @param sim        the one simulated machine to run on, or empty for the experiment's default set.
 * @param nativeOnly true to skip every simulated machine.
 * @param quick      small sizes: for the test suite and a loaded machine.
 * @param seed       the simulator's seed.
 * @param out        the folder the results are written to.
 */
public record ExperimentOptions(int cores, Optional<String> sim, boolean nativeOnly, boolean quick, long seed, Path out)
{
    /** Where results go unless {@code --out} says otherwise. */
    public static final Path DEFAULT_OUT = Path.of("docs", "results");

    /** The usage lines of these options, for each experiment's help. */
    public static final String USAGE = """
          --cores N      use at most N cores (default: all the machine has)
          --sim MACHINE  only this simulated machine (intel-2x4, amd-2x2, amd-4x4, amd-8x4, generic:CxS, a file)
          --native       only the native run, no simulated machine
          --quick        small sizes (the test suite; a loaded machine)
          --seed N       the simulator's seed (default 1)
          --out DIR      where the Markdown tables and PNG charts go (default docs/results)
        """;

    public ExperimentOptions
    {
        if (cores < 0)
        {
            throw new IllegalArgumentException("--cores needs a positive number, not " + cores);
        }
        if (nativeOnly && sim.isPresent())
        {
            throw new IllegalArgumentException("--native and --sim exclude each other");
        }
    }

    /**
     * Parses the arguments after the experiment's name.
     *
     * @return empty if {@code --help} was asked for.
     * @throws IllegalArgumentException naming the bad argument.
     */
    public static Optional<ExperimentOptions> parse(final String[] args)
    {
        int cores = 0;
        Optional<String> sim = Optional.empty();
        boolean nativeOnly = false;
        boolean quick = false;
        long seed = 1;
        Path out = DEFAULT_OUT;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "-h", "--help" ->
                {
                    return Optional.empty();
                }
                case "--quick" -> quick = true;
                case "--native" -> nativeOnly = true;
                case "--cores" -> cores = (int)number(args, ++i, "--cores");
                case "--seed" -> seed = number(args, ++i, "--seed");
                case "--sim" -> sim = Optional.of(value(args, ++i, "--sim"));
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        return Optional.of(new ExperimentOptions(cores, sim, nativeOnly, quick, seed, out));
    }

    /** These options, quick or not. */
    public ExperimentOptions withQuick(final boolean quickRun)
    {
        return new ExperimentOptions(cores, sim, nativeOnly, quickRun, seed, out);
    }

    /** At most {@code available} cores, and at most {@link #cores} if given. */
    public int coresOf(final int available)
    {
        return cores == 0 ? available : Math.min(cores, available);
    }
}
