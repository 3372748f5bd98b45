package dev.flotilla.bench.caps;

import dev.flotilla.bench.BenchCommand;
import dev.flotilla.bench.QuickOption;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code flotilla-bench caps}: capability operations on mapping databases of 1,000 and 1,000,000
 * capabilities (with the ratio the issue bounds at 2.5x), invocations through the CPU driver, and
 * translated accesses through a mapping against direct memory access. Prints Markdown tables; results are
 * recorded in {@code docs/results/caps.md} with the machine.
 */
public final class CapsCommand implements BenchCommand
{
    /** The most an operation on a million capabilities may cost, as a multiple of the same on a thousand. */
    static final double LOGARITHMIC_BOUND = 2.5;

    private static final String USAGE = """
        usage: flotilla-bench caps [--quick]
          --quick  one short fork per benchmark (about 3 minutes) instead of two longer ones (about 8)
        """;

    @Override
    public String name()
    {
        return "caps";
    }

    @Override
    public String summary()
    {
        return "capability operations on 1k and 1M capabilities, kernel invocations, translated vs direct memory access";
    }

    @Override
    public int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return QuickOption.run("caps", USAGE, args, out, err, quick -> out.print(report(measure(quick, out))));
    }

    private static Collection<RunResult> measure(final boolean quick, final PrintStream out) throws RunnerException
    {
        final OptionsBuilder options = new OptionsBuilder();
        options.include("^" + CapsCommand.class.getPackageName().replace(".", "\\.") + "\\.")
            .timeUnit(TimeUnit.NANOSECONDS)
            .forks(quick ? 1 : 2)
            .warmupIterations(quick ? 3 : 5)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(quick ? 3 : 5)
            .measurementTime(TimeValue.seconds(1))
            .shouldFailOnError(true);
        return new Runner(options.build(), OutputFormatFactory.createFormatInstance(out, VerboseMode.SILENT)).run();
    }

    /** The three tables, from results keyed by benchmark method and database size. */
    static String report(final Collection<RunResult> results)
    {
        final Map<String, double[]> scaling = new TreeMap<>();
        final Map<String, Double> single = new TreeMap<>();
        for (final RunResult result : results)
        {
            final String method = result.getParams().getBenchmark();
            final String name = method.substring(method.lastIndexOf('.', method.lastIndexOf('.') - 1) + 1);
            final double ns = result.getPrimaryResult().getScore();
            final String size = result.getParams().getParam("capabilities");
            if (size == null)
            {
                single.put(name, ns);
            }
            else
            {
                scaling.computeIfAbsent(name, k -> new double[2])[size.equals("1000") ? 0 : 1] = ns;
            }
        }
        final StringBuilder text = new StringBuilder();
        text.append("\n| operation | 1,000 caps (ns) | 1,000,000 caps (ns) | ratio | within ")
            .append(LOGARITHMIC_BOUND).append("x |\n|---|---:|---:|---:|---|\n");
        scaling.forEach((name, ns) -> text.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %s |%n", name,
            ns[0], ns[1], ns[1] / ns[0], ns[1] / ns[0] <= LOGARITHMIC_BOUND ? "yes" : "NO")));
        text.append("\n| kernel invocation, one step | ns |\n|---|---:|\n");
        single.forEach((name, ns) ->
        {
            if (name.startsWith("KernelInvocation"))
            {
                text.append(String.format(Locale.ROOT, "| %s | %.1f |%n", name, ns));
            }
        });
        text.append("\n| access | through the mapping (ns) | direct (ns) | ratio |\n|---|---:|---:|---:|\n");
        row(text, "read, same page", single, "readTranslated", "readDirect");
        row(text, "write, same page", single, "writeTranslated", "writeDirect");
        row(text, "read, alternating pages", single, "readTranslatedWalking", "readDirectAlternating");
        return text.toString();
    }

    private static void row(final StringBuilder text, final String label, final Map<String, Double> single,
        final String translated, final String direct)
    {
        final Double t = single.get("TranslationBenchmark." + translated);
        final Double d = single.get("TranslationBenchmark." + direct);
        if (t != null && d != null)
        {
            text.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.1f |%n", label, t, d, t / d));
        }
    }
}
