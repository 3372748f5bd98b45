package dev.flotilla.bench.channels;

import java.util.List;

/**
 * How long JMH runs each transport. A run is made of rounds; each round runs every transport once,
 * in one fresh JVM (fork) each, and successive rounds take the transports in opposite orders. On a
 * shared machine, load and the hypervisor's placement of virtual CPUs drift over minutes;
 * interleaving spreads that drift over all transports instead of charging it to whichever ran
 * during a bad minute, as consecutive forks of one transport would.
 *
 * @param name              how the report names the plan.
 * @param rounds            rounds, each one fork per transport and benchmark.
 * @param warmups           warm-up iterations per fork.
 * @param warmupMillis      length of each warm-up iteration.
 * @param measurements      measured iterations per fork.
 * @param measurementMillis length of each measured iteration.
 */
record RunPlan(String name, int rounds, int warmups, int warmupMillis, int measurements, int measurementMillis)
{
    /** About a minute for every transport: one round, enough to see the order of things. */
    static final RunPlan QUICK = new RunPlan("quick", 1, 2, 500, 3, 500);
    /**
     * The recorded numbers: four rounds (an even number, so each transport runs as often early as
     * late in a round), so that every transport has several chances at a quiet few seconds; short
     * forks, because rounds interleave transports better than long forks do.
     */
    static final RunPlan FULL = new RunPlan("full", 4, 2, 500, 4, 500);

    /** A fork's start and JMH's set-up, measured on the 2-vCPU box. */
    private static final int FORK_OVERHEAD_MILLIS = 1000;

    /** Rough wall time for every benchmark over {@code transports}, as "N min" or "N s". */
    String estimate(final List<Transport> transports)
    {
        final long paired = transports.contains(Transport.UMP) ? transports.size() - 1 : 0;
        final long streams = transports.stream().filter(Transport::streams).count();
        final long pairedStreams = transports.contains(Transport.UMP) ? streams - 1 : 0;
        final long forks = 2L * transports.size() + paired + streams + pairedStreams;
        final long millis = rounds * forks * (FORK_OVERHEAD_MILLIS + (long)warmups * warmupMillis
            + (long)measurements * measurementMillis);
        return millis >= 120_000 ? Math.round(millis / 60_000.0) + " min" : Math.round(millis / 1000.0) + " s";
    }

    /** This plan with another number of rounds. */
    RunPlan withRounds(final int count)
    {
        return new RunPlan(name, count, warmups, warmupMillis, measurements, measurementMillis);
    }

    /** The transports in the order round {@code round} (from 0) runs them. */
    List<Transport> order(final List<Transport> transports, final int round)
    {
        return round % 2 == 0 ? transports : transports.reversed();
    }

    /** One line for the report. */
    String describe()
    {
        return "%s: %d round%s, each one fork per transport and benchmark of %d x %d ms warm-up + %d x %d ms measured"
            .formatted(name, rounds, rounds == 1 ? "" : "s (alternating the transport order)", warmups, warmupMillis,
                measurements, measurementMillis);
    }
}
