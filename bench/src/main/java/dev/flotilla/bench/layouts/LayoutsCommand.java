package dev.flotilla.bench.layouts;

import dev.flotilla.bench.BenchCommand;
import dev.flotilla.bench.BenchMain;
import dev.flotilla.bench.CpuPair;
import dev.flotilla.bench.channels.MachineInfo;
import dev.flotilla.platform.linux.Affinity;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * {@code flotilla-bench layouts}: where a cross-core message's time goes in hardware. The floor
 * (one line handed back and forth), two one-way rings of 64-byte slots placed several ways, and
 * Flotilla's UMP channel, all in alternating blocks on the same two pinned threads; prints each one's
 * mean round trip and its ratio to the floor's. Results are recorded by hand in
 * {@code docs/results/channels.md} with the machine.
 */
public final class LayoutsCommand implements BenchCommand
{
    static final int DEFAULT_SECONDS = 30;
    static final int MAX_SECONDS = 600;
    static final int DEFAULT_BLOCK = 2000;
    static final int MIN_BLOCK = 10;
    static final int MAX_BLOCK = 1_000_000;

    private static final String USAGE = """
        usage: flotilla-bench layouts [--cpus A,B] [--seconds N] [--block N]
          --cpus A,B    the pinger's and the echoer's CPU (default: the first two this process may use)
          --seconds N   how long to run, 1 to %d (default %d); the first fifth is warm-up
          --block N     round trips per block, %d to %d (default %d)
        """.formatted(MAX_SECONDS, DEFAULT_SECONDS, MIN_BLOCK, MAX_BLOCK, DEFAULT_BLOCK);

    @Override
    public String name()
    {
        return "layouts";
    }

    @Override
    public String summary()
    {
        return "the floor, ring placements and UMP in alternating blocks: what the layout costs in hardware";
    }

    /** Parsed options; {@code cpus} is null for the default pair. */
    record Options(CpuPair cpus, int seconds, int block)
    {
    }

    @Override
    public int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final Options options;
        try
        {
            options = parse(args);
        }
        catch (final IllegalArgumentException e)
        {
            err.println("layouts: " + e.getMessage());
            err.print(USAGE);
            return BenchMain.USAGE;
        }
        if (options == null)
        {
            out.print(USAGE);
            return 0;
        }
        final CpuPair cpus = options.cpus() != null ? options.cpus() : firstTwo(Affinity.allowedCpus());
        if (cpus == null)
        {
            err.println("layouts: needs two CPUs to run on, but this process may use only CPUs "
                + Affinity.allowedCpus());
            return 1;
        }
        final String unusable = cpus.unusableReason();
        if (unusable != null)
        {
            err.println("layouts: " + unusable);
            err.print(USAGE);
            return BenchMain.USAGE;
        }
        try (Arena arena = Arena.ofShared())
        {
            final List<Handoff> handoffs = handoffs(arena);
            out.printf("layouts: %d handoffs in alternating blocks of %d round trips on CPUs %d and %d for %d s%n",
                handoffs.size(), options.block(), cpus.first(), cpus.second(), options.seconds());
            final AlternatingBlocks.Outcome outcome = AlternatingBlocks.run(handoffs, cpus,
                options.seconds() * 1_000_000_000L, options.block());
            out.print(report(outcome, MachineInfo.probe()));
            if (outcome.wrongEchoes() != 0)
            {
                err.println("layouts: " + outcome.wrongEchoes() + " round trips came back with the wrong checksum");
                return 1;
            }
            return 0;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            err.println("layouts: interrupted");
            return 1;
        }
    }

    /** The handoffs compared, the floor first. */
    static List<Handoff> handoffs(final Arena arena)
    {
        return List.of(
            LineLayout.floor(arena),
            LineLayout.rings("rings, contiguous", 64, 4096, false, false, arena),
            LineLayout.rings("rings, contiguous + claim (bare UMP layout)", 64, 4096, true, false, arena),
            LineLayout.rings("rings, contiguous + receiver write-back", 64, 4096, false, true, arena),
            LineLayout.rings("rings, interleaved + claim", 128, 64, true, false, arena),
            LineLayout.rings("rings, 128-byte stride + claim", 128, 4096, true, false, arena),
            new UmpHandoff(arena));
    }

    /** Parses the arguments; null means help was asked for. */
    static Options parse(final String[] args)
    {
        CpuPair cpus = null;
        int seconds = DEFAULT_SECONDS;
        int block = DEFAULT_BLOCK;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "-h", "--help" ->
                {
                    return null;
                }
                case "--cpus" -> cpus = CpuPair.parse(value(args, i++));
                case "--seconds" -> seconds = number("--seconds", value(args, i++), 1, MAX_SECONDS);
                case "--block" -> block = number("--block", value(args, i++), MIN_BLOCK, MAX_BLOCK);
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        return new Options(cpus, seconds, block);
    }

    private static String value(final String[] args, final int at)
    {
        if (at + 1 >= args.length)
        {
            throw new IllegalArgumentException(args[at] + " needs a value");
        }
        return args[at + 1];
    }

    private static int number(final String option, final String value, final int min, final int max)
    {
        try
        {
            final int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max)
            {
                return n;
            }
        }
        catch (final NumberFormatException e)
        {
            // reported below, with the accepted range
        }
        throw new IllegalArgumentException(option + " needs a whole number from " + min + " to " + max + ", not '"
            + value + "'");
    }

    /** The first two CPUs of the mask; 0 and 1 where the mask is unknown; null with only one CPU. */
    private static CpuPair firstTwo(final BitSet allowed)
    {
        if (allowed.isEmpty())
        {
            return new CpuPair(0, 1); // mask unknown (no pinning): the threads run wherever the scheduler puts them
        }
        final int a = allowed.nextSetBit(0);
        final int b = allowed.nextSetBit(a + 1);
        return b < 0 ? null : new CpuPair(a, b);
    }

    /** The result table, with the machine it ran on. */
    static String report(final AlternatingBlocks.Outcome outcome, final MachineInfo machine)
    {
        final StringBuilder text = new StringBuilder();
        text.append("Machine: ").append(machine.cpuModel()).append("; ").append(machine.logicalCpus())
            .append(" logical CPUs").append(machine.virtual() ? ", virtual machine" : "").append("; ")
            .append(machine.os()).append("; ").append(machine.jdk()).append('\n');
        text.append("Pinning: ").append(outcome.pinning()).append('\n');
        text.append("Repetitions measured: ").append(outcome.repetitions()).append('\n');
        text.append("Wrong echoes: ").append(outcome.wrongEchoes()).append("\n\n");
        text.append("| Handoff | mean RTT ns | / floor | / floor, quartiles |\n|---|---:|---:|---:|\n");
        for (final AlternatingBlocks.Row row : outcome.rows())
        {
            text.append(String.format(Locale.ROOT, "| %s | %.1f | %.3fx | %.3f-%.3fx |%n", row.name(), row.meanNs(),
                row.ratio(), row.ratioLow(), row.ratioHigh()));
        }
        return text.toString();
    }
}
