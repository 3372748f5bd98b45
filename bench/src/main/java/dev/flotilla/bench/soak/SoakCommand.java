package dev.flotilla.bench.soak;

import dev.flotilla.bench.BenchCommand;
import dev.flotilla.bench.BenchMain;
import dev.flotilla.sim.machine.MachineSpec;
import dev.flotilla.sim.machine.Machines;
import static dev.flotilla.bench.OptionWords.number;
import static dev.flotilla.bench.OptionWords.value;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code flotilla-bench soak}: the replicated name registry ({@link NameSoak}, {@code --scenario names}) or the
 * distributed capability operations ({@link CapsSoak}, {@code --scenario caps}) under message-delay jitter,
 * slowed and stalled cores, seed after seed on a simulated machine; the invariants are checked after every run. Each
 * seed is its own simulation, so several run at once on the host's CPUs. A failing seed prints what broke and
 * the command that replays it alone.
 */
public final class SoakCommand implements BenchCommand
{
    private static final String USAGE = """
        usage: flotilla-bench soak [--scenario names|caps] [--seeds N] [--from S] [--machine M] [--cores C] [--threads T]
          one simulated run per seed under jitter, slowed and stalled cores, the invariants checked after each
          --scenario X  names: the replicated name registry and domain table (default); caps: the distributed
                        capability operations (copies across cores, retype, delete, revoke, map, peek, poke)
          --seeds N     how many seeds (default 10000)
          --from S      the first seed (default 1)
          --machine M   the simulated machine (default amd-8x4)
          --cores C     cores to boot (default: all the machine has)
          --threads T   seeds run at once (default: the host's CPUs)
        """;

    @Override
    public String name()
    {
        return "soak";
    }

    @Override
    public String summary()
    {
        return "the replicated tables or the distributed capability operations under jitter, slowed and stalled cores, "
            + "seed after seed, invariants checked";
    }

    @Override
    public int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        long seeds = 10_000;
        long from = 1;
        String machine = "amd-8x4";
        String scenario = "names";
        int cores = 0;
        int threads = Runtime.getRuntime().availableProcessors();
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "-h", "--help" ->
                    {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--seeds" -> seeds = positive(args, ++i, "--seeds");
                    case "--scenario" ->
                    {
                        scenario = value(args, ++i, "--scenario");
                        if (!scenario.equals("names") && !scenario.equals("caps"))
                        {
                            throw new IllegalArgumentException("--scenario is names or caps, not '" + scenario + "'");
                        }
                    }
                    case "--from" -> from = number(args, ++i, "--from");
                    case "--machine" -> machine = value(args, ++i, "--machine");
                    case "--cores" -> cores = (int)positive(args, ++i, "--cores");
                    case "--threads" -> threads = (int)positive(args, ++i, "--threads");
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
        }
        catch (final IllegalArgumentException e)
        {
            err.println("soak: " + e.getMessage());
            err.print(USAGE);
            return BenchMain.USAGE;
        }
        final MachineSpec spec;
        try
        {
            spec = Machines.load(machine);
        }
        catch (final IllegalArgumentException e)
        {
            err.println("soak: " + e.getMessage());
            return BenchMain.USAGE;
        }
        final int booted = cores == 0 ? spec.cores() : cores;
        if (booted > spec.cores())
        {
            err.println("soak: " + spec.name() + " has " + spec.cores() + " cores, not " + booted);
            return BenchMain.USAGE;
        }
        try
        {
            if (booted < 2 && scenario.equals("caps"))
            {
                err.println("soak: the caps scenario needs at least 2 cores");
                return BenchMain.USAGE;
            }
            return scenario.equals("caps") ? soakCaps(spec, booted, from, seeds, threads, out)
                : soak(spec, booted, from, seeds, threads, out);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            err.println("soak: interrupted");
            return 1;
        }
    }

    private static int soak(final MachineSpec spec, final int cores, final long from, final long seeds,
        final int threads, final PrintStream out) throws InterruptedException
    {
        out.printf(Locale.ROOT, "soak: %d seeds from %d on the simulated %s, %d cores, %d at once%n", seeds, from,
            spec.name(), cores, threads);
        final long[] totals = new long[4]; // exported, refused, timed out, longest boot ns
        final List<Long> failed = runSeeds(from, seeds, threads, out, "", spec, cores,
            seed -> NameSoak.run(spec, cores, seed),
            (seed, why) -> new NameSoak.Result(seed, 0, 0, 0, 0, 0, 0, List.of(why)),
            NameSoak.Result::passed, NameSoak.Result::violations, result ->
            {
                totals[0] += result.exported();
                totals[1] += result.refused();
                totals[2] += result.timedOut();
                totals[3] = Math.max(totals[3], result.bootNs());
            });
        out.printf(Locale.ROOT, "soak: %s: %d seeds, %d failed%s; %d exports held a name, %d refused (held), %d "
            + "aborted at the agreement bound (a stalled core); the longest boot took %.2f ms of virtual time%n",
            failed.isEmpty() ? "passed" : "FAILED", seeds, failed.size(), failed.isEmpty() ? "" : " (seeds " + failed
            + ")", totals[0], totals[1], totals[2], totals[3] / 1e6);
        return failed.isEmpty() ? 0 : 1;
    }

    private static int soakCaps(final MachineSpec spec, final int cores, final long from, final long seeds,
        final int threads, final PrintStream out) throws InterruptedException
    {
        out.printf(Locale.ROOT, "soak: caps: %d seeds from %d on the simulated %s, %d cores, %d at once%n", seeds, from,
            spec.name(), cores, threads);
        final java.util.Map<String, Long> outcomes = new java.util.TreeMap<>();
        final List<Long> failed = runSeeds(from, seeds, threads, out, "--scenario caps ", spec, cores,
            seed -> CapsSoak.run(spec, cores, seed),
            (seed, why) -> new CapsRun.Result(seed, java.util.Map.of(), 0, 0, List.of(why)),
            CapsRun.Result::passed, CapsRun.Result::violations,
            result -> result.outcomes().forEach((k, v) -> outcomes.merge(k, v, Long::sum)));
        final long made = outcomes.values().stream().mapToLong(Long::longValue).sum();
        final long ok = outcomes.entrySet().stream().filter(e -> e.getKey().endsWith(" ok")).mapToLong(
            java.util.Map.Entry::getValue).sum();
        out.printf(Locale.ROOT, "soak: caps: %s: %d seeds, %d failed%s; %d operations, %d succeeded, %d refused with a "
            + "code%n", failed.isEmpty() ? "passed" : "FAILED", seeds, failed.size(), failed.isEmpty() ? ""
            : " (seeds " + failed + ")", made, ok, made - ok);
        out.println("soak: caps: outcomes " + outcomes);
        return failed.isEmpty() ? 0 : 1;
    }

    /** One seed's run: throws what the run threw. */
    @FunctionalInterface
    private interface SeedRun<R>
    {
        R run(long seed) throws Exception;
    }

    /**
     * Runs seeds {@code from .. from + seeds - 1}, {@code threads} at once, taking each result in seed order: a failed
     * one printed with its violations and the command that replays it, every one handed to {@code each}, progress every
     * 100 seeds. Returns the failed seeds.
     */
    private static <R> List<Long> runSeeds(final long from, final long seeds, final int threads, final PrintStream out,
        final String scenario, final MachineSpec spec, final int cores, final SeedRun<R> run,
        final java.util.function.BiFunction<Long, String, R> threw, final java.util.function.Predicate<R> passed,
        final java.util.function.Function<R, List<String>> violations, final java.util.function.Consumer<R> each)
        throws InterruptedException
    {
        final long started = System.nanoTime();
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        final List<Long> failed = new ArrayList<>();
        try
        {
            final List<Future<R>> runs = new ArrayList<>();
            for (long seed = from; seed < from + seeds; seed++)
            {
                final long s = seed;
                runs.add(pool.submit(() -> run.run(s)));
            }
            for (int i = 0; i < runs.size(); i++)
            {
                final long seed = from + i;
                R result;
                try
                {
                    result = runs.get(i).get();
                }
                catch (final java.util.concurrent.ExecutionException e)
                {
                    result = threw.apply(seed, "the run threw " + e.getCause());
                }
                each.accept(result);
                if (!passed.test(result))
                {
                    failed.add(seed);
                    out.println("soak: seed " + seed + " FAILED:");
                    violations.apply(result).forEach(v -> out.println("  " + v));
                    out.println("  replay: ./flotilla bench soak " + scenario + "--from " + seed + " --seeds 1 --machine "
                        + spec.name() + " --cores " + cores);
                }
                if ((i + 1) % 100 == 0 || i + 1 == runs.size())
                {
                    out.printf(Locale.ROOT, "soak: %d of %d seeds, %d failed, %.0f s%n", i + 1, runs.size(),
                        failed.size(), (System.nanoTime() - started) / 1e9);
                }
            }
        }
        finally
        {
            pool.shutdownNow();
        }
        return failed;
    }

    private static long positive(final String[] args, final int i, final String option)
    {
        final long n = number(args, i, option);
        if (n < 1)
        {
            throw new IllegalArgumentException(option + " needs a number of at least 1, not " + n);
        }
        return n;
    }
}
