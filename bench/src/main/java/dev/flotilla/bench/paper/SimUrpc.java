package dev.flotilla.bench.paper;

import dev.flotilla.bench.sim.Echo;
import dev.flotilla.bench.sim.SendAfterReceive;
import dev.flotilla.bench.sim.Stream;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.MachineSpec;
import dev.flotilla.sim.machine.Proximity;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelSetup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * URPC on a simulated machine, Table 2's way: a pair of {@code SimChannel} endpoints between two cores of the
 * {@code SimPlatform}, driven by purpose-built agents (no OS), one pair per class of core pair seen from core
 * 0. The round trip is a one-line ping-pong; the throughput is Table 2's (Barrelfish's {@code throughput.c}): one
 * side fills its 32-slot ring, then both answer every message they take with one of their own
 * ({@link SendAfterReceive}); beside it, a one-way stream that keeps the ring full. All are taken as the
 * difference of two runs (n and 2n), so the start-up step cancels out: every figure is the steady-state cost
 * the cost model gives.
 */
final class SimUrpc
{
    /**
     * A class of core pair and the pair that stands for it.
     *
     * @param name  how the class is named (shared cache, same package, n hops).
     * @param core  the core paired with core 0.
     * @param paperIndex the index of the paper's Table 2 row for this machine and class, or -1 for none.
     */
    record PairClass(String name, int core, int paperIndex)
    {
    }

    /**
     * A measured class.
     *
     * @param pair      the class.
     * @param rttCycles round trip, cycles.
     * @param msgsPerKc messages per thousand cycles each way, sustained send-after-receive (Table 2's method).
     * @param streamPerKc messages per thousand cycles at the receiver of a one-way stream.
     */
    record Measured(PairClass pair, double rttCycles, double msgsPerKc, double streamPerKc)
    {
    }

    private final MachineSpec spec;
    private final long seed;
    private final int rounds;

    SimUrpc(final MachineSpec spec, final long seed, final int rounds)
    {
        this.spec = spec;
        this.seed = seed;
        this.rounds = rounds;
    }

    /** The pair classes seen from core 0, nearest first: the first core of each (proximity, hops) class. */
    List<PairClass> classes()
    {
        final Map<String, Integer> first = new LinkedHashMap<>();
        final List<Integer> order = new ArrayList<>();
        for (int b = 1; b < spec.cores(); b++)
        {
            final String name = className(spec.proximity(0, b), spec.hops(0, b));
            if (!first.containsKey(name))
            {
                first.put(name, b);
                order.add(b);
            }
        }
        order.sort((x, y) -> Long.compare(spec.transferCycles(0, x), spec.transferCycles(0, y)));
        final List<PairClass> classes = new ArrayList<>();
        for (final int b : order)
        {
            classes.add(new PairClass(className(spec.proximity(0, b), spec.hops(0, b)), b,
                paperIndex(spec.proximity(0, b), spec.hops(0, b))));
        }
        return classes;
    }

    /** Measures every class. */
    List<Measured> measureAll()
    {
        final List<Measured> all = new ArrayList<>();
        for (final PairClass pair : classes())
        {
            all.add(new Measured(pair, roundTripCycles(pair.core()), throughput(pair.core()), stream(pair.core())));
        }
        return all;
    }

    /** The round trip between core 0 and {@code b}, cycles. */
    double roundTripCycles(final int b)
    {
        final double extraPs = runPs(b, n -> pingPong(b, n), rounds);
        return cycles(extraPs / rounds);
    }

    /** Messages per thousand cycles each way between core 0 and {@code b}, sustained send-after-receive. */
    double throughput(final int b)
    {
        final long messages = 32L * rounds;
        final double extraPs = runPs(b, n -> sendAfterReceive(b, n), messages);
        return messages / cycles(extraPs) * 1000;
    }

    /** Messages per thousand cycles streamed from core 0 to {@code b}. */
    double stream(final int b)
    {
        final long messages = 32L * rounds;
        final double extraPs = runPs(b, n -> stream(b, n), messages);
        return messages / cycles(extraPs) * 1000;
    }

    /** Virtual time of {@code 2n} minus that of {@code n}: the steady cost of n more. */
    private static double runPs(final int b, final LongFunction<SimPlatform> build, final long n)
    {
        return elapsedPs(build.apply(2 * n), b) - elapsedPs(build.apply(n), b);
    }

    private static double elapsedPs(final SimPlatform sim, final int b)
    {
        try (sim)
        {
            if (!sim.awaitHalt(Long.MAX_VALUE) || !sim.faults().isEmpty())
            {
                throw new IllegalStateException("simulated URPC between cores 0 and " + b + " did not finish: "
                    + sim.faults() + " (seed " + sim.options().seed() + ")");
            }
            return Math.max(sim.clockPs(0), sim.clockPs(b));
        }
    }

    private SimPlatform pingPong(final int b, final long n)
    {
        return pair(b, n, true);
    }

    private SimPlatform stream(final int b, final long n)
    {
        return pair(b, n, false);
    }

    private SimPlatform sendAfterReceive(final int b, final long n)
    {
        final SimPlatform sim = new SimPlatform(spec, spec.cores(), SimOptions.seeded(seed));
        final SimInterconnect interconnect = new SimInterconnect(sim);
        final ChannelSetup setup = interconnect.create(0, b, 32);
        final Channel remote = interconnect.attach(b, setup.descriptor());
        sim.startCore(0, new SendAfterReceive(setup.local(), true, n));
        sim.startCore(b, new SendAfterReceive(remote, false, n));
        return sim;
    }

    /** Core 0 and core b joined by one channel: an echo pair or a stream from 0 to b, of n messages. */
    private SimPlatform pair(final int b, final long n, final boolean echo)
    {
        final SimPlatform sim = new SimPlatform(spec, spec.cores(), SimOptions.seeded(seed));
        final SimInterconnect interconnect = new SimInterconnect(sim);
        final ChannelSetup setup = interconnect.create(0, b, 32);
        final Channel remote = interconnect.attach(b, setup.descriptor());
        sim.startCore(0, echo ? new Echo(setup.local(), true, n) : new Stream(setup.local(), true, n));
        sim.startCore(b, echo ? new Echo(remote, false, n) : new Stream(remote, false, n));
        return sim;
    }

    private double cycles(final double ps)
    {
        return ps * spec.clockGhz() / 1000;
    }

    private static String className(final Proximity proximity, final int hops)
    {
        return switch (proximity)
        {
            case SAME_CORE -> "same core";
            case SHARED_CACHE -> "shared cache";
            case SAME_PACKAGE -> "same package, no shared cache";
            case REMOTE -> hops + (hops == 1 ? " hop" : " hops");
        };
    }

    /** Which of the paper's Table 2 rows of this machine a class corresponds to. */
    private int paperIndex(final Proximity proximity, final int hops)
    {
        final long rows = PaperNumbers.TABLE2.stream().filter(r -> r.machine().equals(spec.name())).count();
        final int index;
        if (spec.name().equals("intel-2x4"))
        {
            index = proximity == Proximity.SHARED_CACHE ? 0 : 1; // the paper's "non-shared": other die or package
        }
        else
        {
            index = proximity == Proximity.REMOTE ? hops : 0;
        }
        return index < rows ? index : -1;
    }
}
