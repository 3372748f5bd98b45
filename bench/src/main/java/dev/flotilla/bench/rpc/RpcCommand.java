package dev.flotilla.bench.rpc;

import dev.flotilla.bench.BenchCommand;
import dev.flotilla.bench.BenchMain;
import dev.flotilla.bench.CpuPair;
import dev.flotilla.bench.channels.MachineInfo;
import dev.flotilla.bench.layouts.AlternatingBlocks;
import dev.flotilla.bench.layouts.Handoff;
import dev.flotilla.bench.threads.Footprint;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code flotilla-bench rpc}: request/response against the paper and against what a JVM user would pick.
 * In one run: the JMH benchmarks of this package side by side (same-core LRPC, cross-core RPC through the
 * stubs and its peers, Pekko, the thread switches), then the stubs against raw UMP in alternating blocks,
 * then the memory of parked threads. Prints Markdown; the results are recorded by hand in
 * {@code docs/results/rpc.md} with the machine.
 */
public final class RpcCommand implements BenchCommand
{
    /** The targets. */
    static final double LRPC_CYCLES = 757;
    static final double STUB_OVERHEAD = 1.15;
    static final double PEKKO_FACTOR = 3;
    static final double YIELD_FACTOR = 1;
    static final long PARKED_BYTES = 2048;
    static final int MANY_THREADS = 10_000;

    private static final String USAGE = """
        usage: flotilla-bench rpc [--quick] [--cpus A,B]
          --quick     one short fork per benchmark and 10 s of alternating blocks (about 3 minutes)
                      instead of two forks and 60 s (about 10 minutes)
          --cpus A,B  the client's and the server's CPU (default: the first two this process may use)
        """;

    @Override
    public String name()
    {
        return "rpc";
    }

    @Override
    public String summary()
    {
        return "LRPC and cross-core RPC through the stubs vs the paper, raw UMP, Pekko, SynchronousQueue; thread switches";
    }

    @Override
    public int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        boolean quick = false;
        CpuPair cpus = null;
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--quick" -> quick = true;
                    case "--cpus" ->
                    {
                        if (i + 1 == args.length)
                        {
                            throw new IllegalArgumentException("--cpus needs a value such as 0,1");
                        }
                        cpus = CpuPair.parse(args[++i]);
                    }
                    case "-h", "--help" ->
                    {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
        }
        catch (final IllegalArgumentException e)
        {
            err.println("rpc: " + e.getMessage());
            err.print(USAGE);
            return BenchMain.USAGE;
        }
        if (cpus != null)
        {
            System.setProperty(Cpus.PROPERTY, cpus.toString());
        }
        try
        {
            out.print(measureAll(quick, Cpus.pair(), out));
            return 0;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            err.println("rpc: interrupted");
            return 1;
        }
        catch (final Exception e)
        {
            err.println("rpc: the benchmark failed: " + e);
            return 1;
        }
    }

    private static String measureAll(final boolean quick, final CpuPair cpus, final PrintStream out) throws Exception
    {
        final MachineInfo machine = MachineInfo.probe();
        final String started = Instant.now().toString();
        final String loadAtStart = loadAverage();
        final Collection<RunResult> jmh = jmh(quick, cpus, out);
        final AlternatingBlocks.Outcome blocks = alternatingBlocks(quick, cpus);
        final CycleClock.Rate rate = CycleClock.measure();
        final Footprint.Result parked = Footprint.measure(MANY_THREADS, 3);
        final ManyCallers.Result many = ManyCallers.run(MANY_THREADS);
        return new RpcReport(machine, started, loadAtStart, loadAverage(), quick, cpus, rate, jmh, blocks, parked, many)
            .markdown();
    }

    private static Collection<RunResult> jmh(final boolean quick, final CpuPair cpus, final PrintStream out)
        throws RunnerException
    {
        final OptionsBuilder options = new OptionsBuilder();
        options.include("^" + RpcCommand.class.getPackageName().replace(".", "\\.") + "\\.")
            .timeUnit(TimeUnit.NANOSECONDS)
            .forks(quick ? 1 : 2)
            .warmupIterations(quick ? 3 : 5)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(quick ? 3 : 5)
            .measurementTime(TimeValue.seconds(1))
            .jvmArgsAppend("-D" + Cpus.PROPERTY + "=" + cpus)
            .shouldFailOnError(true);
        return new Runner(options.build(), OutputFormatFactory.createFormatInstance(out, VerboseMode.SILENT)).run();
    }

    /** Raw UMP first: the ratios divide by it. */
    private static AlternatingBlocks.Outcome alternatingBlocks(final boolean quick, final CpuPair cpus)
        throws InterruptedException
    {
        try (Arena arena = Arena.ofShared())
        {
            final List<Handoff> handoffs = List.of(new RawUmpHandoff(arena), new StubRpcHandoff(arena));
            return AlternatingBlocks.run(handoffs, cpus, TimeUnit.SECONDS.toNanos(quick ? 10 : 60), BLOCK);
        }
    }

    /** Round trips per block in the alternating comparison. */
    static final int BLOCK = 2_000;

    static String loadAverage()
    {
        try
        {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        }
        catch (final java.io.IOException e)
        {
            return "unknown";
        }
    }
}
