package dev.flotilla.bench.channels;

import dev.flotilla.bench.CpuPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code channels} benchmark's command line.
 *
 * @param help       print the usage and do nothing else.
 * @param plan       how long JMH measures.
 * @param transports which links to run, in table order.
 * @param doc        the results document to update, or null to print only.
 * @param cpus       the two CPUs to pin the benchmark threads to, or null for the first two allowed.
 */
record ChannelsOptions(boolean help, RunPlan plan, List<Transport> transports, Path doc, CpuPair cpus)
{
    /** Where the results go unless {@code --doc} says otherwise (relative to the working directory). */
    static final Path DEFAULT_DOC = Path.of("docs", "results", "channels.md");

    static final String USAGE = """
        usage: flotilla-bench channels [--quick | --full] [--rounds N] [--transports LIST] [--cpus A,B]
                                       [--doc PATH | --no-doc]

        Round trip (median, p99) and streaming throughput of 56-byte messages between two pinned
        threads: the one-cache-line floor, Flotilla's UMP channel and its peers, side by side.

          --quick            one round of short iterations: about %s
          --full             four rounds, more iterations (the default): about %s
          --rounds N         run N rounds of the chosen plan instead (each runs every transport once)
          --transports LIST  comma-separated subset of: %s
          --cpus A,B         pin the two benchmark threads to CPUs A and B (default: the first two allowed)
          --doc PATH         results document to update (default %s)
          --no-doc           print the table only
          -h, --help         this text
        """.formatted(RunPlan.QUICK.estimate(Transport.all()), RunPlan.FULL.estimate(Transport.all()),
            Transport.keys(Transport.all()), DEFAULT_DOC);

    /**
     * Parses the arguments after {@code channels}.
     *
     * @throws IllegalArgumentException naming the first bad argument.
     */
    static ChannelsOptions parse(final String[] args)
    {
        boolean help = false;
        RunPlan plan = RunPlan.FULL;
        List<Transport> transports = Transport.all();
        Path doc = DEFAULT_DOC;
        int rounds = 0;
        CpuPair cpus = null;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "-h", "--help" -> help = true;
                case "--quick" -> plan = RunPlan.QUICK;
                case "--full" -> plan = RunPlan.FULL;
                case "--no-doc" -> doc = null;
                case "--doc" -> doc = Path.of(value(args, i++));
                case "--transports" -> transports = transports(value(args, i++));
                case "--rounds" -> rounds = rounds(value(args, i++));
                case "--cpus" -> cpus = CpuPair.parse(value(args, i++));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        return new ChannelsOptions(help, rounds == 0 ? plan : plan.withRounds(rounds), transports, doc, cpus);
    }

    private static int rounds(final String value)
    {
        try
        {
            final int rounds = Integer.parseInt(value);
            if (rounds >= 1 && rounds <= 100)
            {
                return rounds;
            }
        }
        catch (final NumberFormatException e)
        {
            // reported below
        }
        throw new IllegalArgumentException("--rounds needs a whole number from 1 to 100, not '" + value + "'");
    }

    private static String value(final String[] args, final int i)
    {
        if (i + 1 >= args.length || args[i + 1].isEmpty())
        {
            throw new IllegalArgumentException("option " + args[i] + " needs a value");
        }
        return args[i + 1];
    }

    /** The transports a comma-separated list names, in table order, each once. */
    private static List<Transport> transports(final String list)
    {
        final List<Transport> named = new ArrayList<>();
        for (final String key : list.split(",", -1))
        {
            named.add(Transport.ofKey(key.trim()));
        }
        return Transport.all().stream().filter(named::contains).toList();
    }
}
