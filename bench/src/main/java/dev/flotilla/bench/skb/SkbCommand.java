package dev.flotilla.bench.skb;

import dev.flotilla.bench.BenchCommand;
import dev.flotilla.bench.QuickOption;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code flotilla-bench skb}: SKB query latency (NUMA-aware multicast tree over 8, 32 and 64 cores,
 * and placement) against hand-written Java answering the same question, median and 99th percentile,
 * with the ratio. Results are recorded by hand in {@code docs/results/skb.md} with the machine.
 */
public final class SkbCommand implements BenchCommand
{
    static final String USAGE = """
        usage: flotilla-bench skb [--quick]
          --quick   one short fork (about 1 minute) instead of the full run (about 4 minutes)
        """;

    @Override
    public String name()
    {
        return "skb";
    }

    @Override
    public String summary()
    {
        return "SKB query latency (multicast tree on 8/32/64 cores, placement) against hand-written Java";
    }

    @Override
    public int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return QuickOption.run("skb", USAGE, args, out, err, quick -> out.print(table(measure(quick, out))));
    }

    private static Collection<RunResult> measure(final boolean quick, final PrintStream out) throws RunnerException
    {
        final OptionsBuilder options = new OptionsBuilder();
        options.include("^" + Pattern.quote(SkbQueryBenchmark.class.getName()) + "\\.")
            .mode(Mode.SampleTime)
            .timeUnit(TimeUnit.MICROSECONDS)
            .forks(quick ? 1 : 2)
            .warmupIterations(quick ? 3 : 5)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(quick ? 3 : 5)
            .measurementTime(TimeValue.seconds(1))
            .shouldFailOnError(true);
        return new Runner(options.build(), OutputFormatFactory.createFormatInstance(out, VerboseMode.SILENT)).run();
    }

    /** One row per cores and question: SKB and Java medians and p99s in microseconds, and SKB / Java. */
    static String table(final Collection<RunResult> results)
    {
        final Map<String, double[]> rows = new TreeMap<>();
        for (final RunResult result : results)
        {
            final String method = result.getParams().getBenchmark();
            final String benchmark = method.substring(method.lastIndexOf('.') + 1);
            final boolean skb = benchmark.endsWith("Skb");
            final String question = benchmark.substring(0, benchmark.length() - (skb ? 3 : 4));
            final String key = String.format("%3s cores  %-9s", result.getParams().getParam("cores"), question);
            final double[] row = rows.computeIfAbsent(key, k -> new double[4]);
            final int column = skb ? 0 : 2;
            row[column] = result.getPrimaryResult().getStatistics().getPercentile(50);
            row[column + 1] = result.getPrimaryResult().getStatistics().getPercentile(99);
        }
        final StringBuilder text = new StringBuilder(String.format("%n%-25s %10s %10s %10s %10s %8s%n", "question",
            "SKB p50", "SKB p99", "Java p50", "Java p99", "ratio"));
        rows.forEach((key, row) -> text.append(String.format("%-25s %10.2f %10.2f %10.3f %10.3f %7.0fx%n", key, row[0],
            row[1], row[2], row[3], row[0] / row[2])));
        return text.append("(microseconds; ratio = SKB median / Java median)\n").toString();
    }
}
