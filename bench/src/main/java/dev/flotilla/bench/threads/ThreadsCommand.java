package dev.flotilla.bench.threads;

import dev.flotilla.bench.BenchCommand;
import dev.flotilla.bench.QuickOption;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code flotilla-bench threads}: user-level thread switches ({@link ThreadSwitchBenchmark}) and the heap a
 * parked thread holds ({@link Footprint}). Prints Markdown tables; results are recorded in
 * {@code docs/results/threads.md} with the machine.
 */
public final class ThreadsCommand implements BenchCommand
{
    private static final String USAGE = """
        usage: flotilla-bench threads [--quick]
          --quick  one short fork (about 40 seconds) instead of two longer ones (about 2 minutes)
        """;

    @Override
    public String name()
    {
        return "threads";
    }

    @Override
    public String summary()
    {
        return "user-level thread switch, unpark and lifetime costs, heap per parked thread";
    }

    @Override
    public int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return QuickOption.run("threads", USAGE, args, out, err, quick ->
        {
            final Collection<RunResult> results = switches(quick, out);
            out.print(report(results, Footprint.measure(quick ? 10_000 : 100_000, 3)));
        });
    }

    private static Collection<RunResult> switches(final boolean quick, final PrintStream out) throws RunnerException
    {
        final OptionsBuilder options = new OptionsBuilder();
        options.include("^" + ThreadSwitchBenchmark.class.getName().replace(".", "\\.") + "\\.")
            .timeUnit(TimeUnit.NANOSECONDS)
            .forks(quick ? 1 : 2)
            .warmupIterations(quick ? 3 : 5)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(quick ? 3 : 5)
            .measurementTime(TimeValue.seconds(1))
            .shouldFailOnError(true);
        return new Runner(options.build(), OutputFormatFactory.createFormatInstance(out, VerboseMode.SILENT)).run();
    }

    static String report(final Collection<RunResult> results, final Footprint.Result footprint)
    {
        final StringBuilder text = new StringBuilder("\n| operation | ns | ± (99.9%) |\n|---|---:|---:|\n");
        for (final RunResult result : results)
        {
            final String method = result.getParams().getBenchmark();
            text.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n", method.substring(method.lastIndexOf('.') + 1),
                result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()));
        }
        text.append(String.format(Locale.ROOT,
            "%n| heap per parked thread (%,d threads) | bytes |%n|---|---:|%n| allocated to create and park | %d |%n"
                + "| live heap growth after a full GC | %d |%n",
            footprint.threads(), footprint.allocatedPerThread(), footprint.retainedPerThread()));
        return text.toString();
    }
}
