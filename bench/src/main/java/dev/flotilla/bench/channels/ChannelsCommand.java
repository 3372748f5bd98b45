package dev.flotilla.bench.channels;

import dev.flotilla.bench.BenchCommand;
import dev.flotilla.bench.BenchMain;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code flotilla-bench channels}: runs the ping-pong, paired ping-pong, streaming and one-thread
 * benchmarks over every transport in rounds, prints the side-by-side table and updates the results
 * document.
 */
public final class ChannelsCommand implements BenchCommand
{
    private static final String FLAGS_RESOURCE = "/flotilla-bench.properties";

    @Override
    public String name()
    {
        return "channels";
    }

    @Override
    public String summary()
    {
        return "UMP round trip and throughput against the one-cache-line floor, JCTools, Agrona, Disruptor, ABQ";
    }

    @Override
    public int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final ChannelsOptions options;
        try
        {
            options = ChannelsOptions.parse(args);
        }
        catch (final IllegalArgumentException e)
        {
            err.println("channels: " + e.getMessage());
            err.print(ChannelsOptions.USAGE);
            return BenchMain.USAGE;
        }
        if (options.help())
        {
            out.print(ChannelsOptions.USAGE);
            return 0;
        }
        if (options.cpus() != null && options.cpus().unusableReason() != null)
        {
            err.println("channels: " + options.cpus().unusableReason());
            err.print(ChannelsOptions.USAGE);
            return BenchMain.USAGE;
        }
        try
        {
            return measure(options, out);
        }
        catch (final RunnerException | IOException | RuntimeException e)
        {
            err.println("channels: the benchmark failed: " + e);
            return 1;
        }
    }

    private int measure(final ChannelsOptions options, final PrintStream out) throws RunnerException, IOException
    {
        final ZonedDateTime started = ZonedDateTime.now();
        final String loadBefore = MachineInfo.loadAverage();
        final MachineInfo machine = MachineInfo.probe();
        final TimerCost.Clock clock = TimerCost.measure();
        final Path pinLog = Files.createTempFile("flotilla-bench-pins", ".tsv");
        final Path pairLog = Files.createTempFile("flotilla-bench-pairs", ".tsv");
        final String classPath = System.getProperty("java.class.path");
        final Path privateJar = privateJar(classPath);
        out.println("channels: " + options.plan().describe() + "; about "
            + options.plan().estimate(options.transports()));
        try
        {
            final List<Transport> streaming = options.transports().stream().filter(Transport::streams).toList();
            final List<Transport> paired = options.transports().contains(Transport.UMP)
                ? options.transports().stream().filter(t -> t != Transport.UMP).toList() : List.of();
            final List<Transport> pairedStreaming = streaming.contains(Transport.UMP)
                ? streaming.stream().filter(t -> t != Transport.UMP).toList() : List.of();
            final List<String> logs = new ArrayList<>(List.of("-D" + CpuPinning.LOG_PROPERTY + "="
                + pinLog.toAbsolutePath(), "-D" + PairLog.LOG_PROPERTY + "=" + pairLog.toAbsolutePath()));
            if (options.cpus() != null)
            {
                logs.add("-D" + CpuPinning.CPUS_PROPERTY + "=" + options.cpus());
            }
            final List<RunResult> pingPong = new ArrayList<>();
            final List<RunResult> stream = new ArrayList<>();
            final List<RunResult> sendReceive = new ArrayList<>();
            final RunPlan plan = options.plan();
            for (int round = 0; round < plan.rounds(); round++)
            {
                out.println("channels: round " + (round + 1) + " of " + plan.rounds());
                pingPong.addAll(jmh(PingPongBenchmark.class, "transport", plan.order(options.transports(), round),
                    plan, logs, out));
                jmh(PairedRoundTripBenchmark.class, "against", plan.order(paired, round), plan, logs, out);
                stream.addAll(jmh(StreamingBenchmark.class, "transport", plan.order(streaming, round), plan, logs,
                    out));
                jmh(PairedStreamingBenchmark.class, "against", plan.order(pairedStreaming, round), plan, logs, out);
                sendReceive.addAll(jmh(SendReceiveBenchmark.class, "transport", plan.order(options.transports(),
                    round), plan, logs, out));
            }
            final ResultTable table = new ResultTable(Measurement.of(pingPong, stream, sendReceive),
                PairLog.read(pairLog));
            final ChannelsReport report = new ChannelsReport(plan, commandLine(), started, machine,
                loadBefore, MachineInfo.loadAverage(), PinLog.read(pinLog), clock, table);
            out.println();
            out.println("Machine: " + machine.describe());
            out.println("JDK: " + machine.jdk());
            out.println("Pinning: " + report.pins().describe());
            out.println("Clock: " + report.describeClock());
            out.println();
            out.print(table.console());
            if (options.doc() != null)
            {
                ResultsDocument.update(options.doc(), report.markdown());
                out.println();
                out.println("Updated " + options.doc().toAbsolutePath().normalize());
            }
            return 0;
        }
        finally
        {
            Files.deleteIfExists(pinLog);
            Files.deleteIfExists(pairLog);
            if (privateJar != null)
            {
                System.setProperty("java.class.path", classPath);
                Files.deleteIfExists(privateJar);
            }
        }
    }

    /**
     * Points the forks at a private copy of the jar this JVM runs from, when it runs from one jar:
     * JMH starts every fork from {@code java.class.path}, and a rebuild of the module during a run
     * of several minutes would otherwise swap the classes under the later forks. This JVM keeps
     * reading the original, so while the module may be rebuilt, run from a copy of the jar.
     *
     * @return the copy, or null if the class path is not a single jar.
     */
    private static Path privateJar(final String classPath) throws IOException
    {
        if (classPath == null || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar"))
        {
            return null;
        }
        final Path copy = Files.createTempFile("flotilla-bench", ".jar");
        Files.copy(Path.of(classPath), copy, StandardCopyOption.REPLACE_EXISTING);
        System.setProperty("java.class.path", copy.toString());
        return copy;
    }

    /**
     * Runs one benchmark class once per value of its transport parameter, one fork each, in order;
     * nothing if there are none.
     */
    private static Collection<RunResult> jmh(final Class<?> benchmark, final String param,
        final List<Transport> transports, final RunPlan plan, final List<String> logs, final PrintStream out)
        throws RunnerException
    {
        if (transports.isEmpty())
        {
            return List.of();
        }
        final List<String> jvmArgs = new ArrayList<>(forkFlags());
        jvmArgs.addAll(logs);
        final ChainedOptionsBuilder builder = new OptionsBuilder()
            .include("^" + Pattern.quote(benchmark.getName()) + "\\.")
            .param(param, transports.stream().map(Transport::name).toArray(String[]::new))
            .forks(1)
            .warmupIterations(plan.warmups())
            .warmupTime(TimeValue.milliseconds(plan.warmupMillis()))
            .measurementIterations(plan.measurements())
            .measurementTime(TimeValue.milliseconds(plan.measurementMillis()))
            .jvmArgs(jvmArgs.toArray(String[]::new))
            .shouldFailOnError(true);
        return new Runner(builder.build(), OutputFormatFactory.createFormatInstance(out, VerboseMode.NORMAL)).run();
    }

    /** The flags the build recorded for the forks (see {@code flotilla-bench.properties}). */
    static List<String> forkFlags()
    {
        try (InputStream in = ChannelsCommand.class.getResourceAsStream(FLAGS_RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException(FLAGS_RESOURCE + " is missing from the class path");
            }
            final Properties properties = new Properties();
            properties.load(in);
            final String flags = properties.getProperty("fork.jvm.flags", "").strip();
            if (flags.isEmpty() || flags.contains("${"))
            {
                throw new IllegalStateException(FLAGS_RESOURCE + " was not filled in by the build: '" + flags + "'");
            }
            return List.of(flags.split("\\s+"));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** This JVM's command line as the kernel recorded it, or a reconstruction. */
    private static String commandLine()
    {
        return ProcessHandle.current().info().commandLine()
            .orElse("java -jar flotilla-bench.jar channels (exact command line unavailable)");
    }
}
