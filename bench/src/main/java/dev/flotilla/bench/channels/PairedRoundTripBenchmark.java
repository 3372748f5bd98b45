package dev.flotilla.bench.channels;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Control;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * UMP's round trip against one other transport's, measured in alternation by the same two pinned
 * threads: {@value #BLOCK} round trips over UMP, then {@value #BLOCK} over the other, and again, for
 * the whole fork. On a virtual machine the hypervisor moves the virtual CPUs now and then, and a
 * round trip between two CPUs that share a core costs half of one between two that do not;
 * separate forks of separate transports can land on different placements, but two blocks 50
 * microseconds apart share one. The ratio of each pair of neighbouring blocks' mean round trips is
 * therefore a fair comparison; {@link PairLog} takes the median of them.
 *
 * <p>The echoer serves whichever link {@link #phase} names; the pinger changes {@code phase} only
 * between blocks, when no message is in flight, so no message waits on a link nobody polls. As in
 * {@link PingPongBenchmark}, a wait cut short by the end of an iteration resumes in the next
 * invocation; a block cut short is not recorded.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Group)
public class PairedRoundTripBenchmark
{
    /** Round trips per block. */
    static final int BLOCK = 200;
    /** Which link, in {@link #pingSides} and {@link #echoSides}, is UMP. */
    static final int UMP = 0;
    /** Which is the other transport. */
    static final int OTHER = 1;

    /** The transport UMP is paired with. */
    @Param({"FLOOR", "BARE_RING", "UMP_WAKEUP", "UMP_COPYING",
        "JCTOOLS", "JCTOOLS_VARHANDLE", "AGRONA", "DISRUPTOR", "ABQ"})
    public String against;

    private Link<? extends Endpoint> umpLink;
    private Link<? extends Endpoint> otherLink;
    private final Endpoint[] pingSides = new Endpoint[2];
    private final Endpoint[] echoSides = new Endpoint[2];
    /**
     * The link the pinger uses now. Written by the pinger between blocks (volatile), read by the
     * echoer before each poll (volatile); it changes once per block, so the echoer's reads hit its cache.
     */
    private volatile int phase;

    @Setup(Level.Trial)
    public void open()
    {
        umpLink = Transport.UMP.open(PingPongBenchmark.CAPACITY);
        otherLink = Transport.valueOf(against).open(PingPongBenchmark.CAPACITY);
        pingSides[UMP] = umpLink.a();
        echoSides[UMP] = umpLink.b();
        pingSides[OTHER] = otherLink.a();
        echoSides[OTHER] = otherLink.b();
    }

    @TearDown(Level.Trial)
    public void close()
    {
        umpLink.release().run();
        otherLink.release().run();
    }

    /** The pinger's thread: its CPU, the exchange in progress and the block times it measured. */
    @State(Scope.Thread)
    public static class Pinger extends PinnedThread
    {
        /** The number of the next ping. */
        long seq;
        /** The link of the exchange in progress. */
        int link;
        /** True between sending a ping and receiving its echo. */
        boolean awaiting;
        /** True during measured (not warm-up) iterations. */
        boolean measuring;
        /** Neighbouring block times in ns: UMP's, then the other's. */
        final BlockPairs pairs = new BlockPairs(BLOCK);

        @Setup(Level.Iteration)
        public void iteration(final IterationParams iteration)
        {
            measuring = iteration.getType() == IterationType.MEASUREMENT;
        }

        @TearDown(Level.Trial)
        public void report(final BenchmarkParams benchmark)
        {
            PairLog.append(PairLog.Kind.ROUND_TRIP, benchmark.getParam("against"), pairs);
        }

        @Override
        String role()
        {
            return "ping";
        }
    }

    /** The echoer's thread: its CPU and a received message not yet echoed. */
    @State(Scope.Thread)
    public static class Echoer extends PinnedThread
    {
        boolean holding;
        long reply;
        /** The link the held message came on. */
        int link;

        @Override
        String role()
        {
            return "echo";
        }
    }

    /** One block over UMP, then one over the other transport; records both times if neither was cut short. */
    @Benchmark
    @Group("paired")
    @GroupThreads(1)
    public void ping(final Pinger pinger, final Control control)
    {
        if (pinger.awaiting && !awaitEcho(pinger, control))
        {
            return;
        }
        final long ump = block(UMP, pinger, control);
        if (ump < 0)
        {
            return;
        }
        final long other = block(OTHER, pinger, control);
        if (other >= 0 && pinger.measuring)
        {
            pinger.pairs.add(ump, other);
        }
    }

    /** Echoes one message on whichever link the pinger uses. */
    @Benchmark
    @Group("paired")
    @GroupThreads(1)
    public void echo(final Echoer echoer, final Control control)
    {
        if (!echoer.holding)
        {
            long ping;
            int link;
            while ((ping = echoSides[link = phase].poll()) == Message.EMPTY)
            {
                if (control.stopMeasurement)
                {
                    return;
                }
                Thread.onSpinWait();
            }
            echoer.reply = ping;
            echoer.link = link;
            echoer.holding = true;
        }
        final Endpoint side = echoSides[echoer.link];
        while (!side.offer(echoer.reply))
        {
            if (control.stopMeasurement)
            {
                return;
            }
            Thread.onSpinWait();
        }
        echoer.holding = false;
    }

    /** {@value #BLOCK} round trips over {@code link}; returns their time in ns, or -1 if cut short. */
    private long block(final int link, final Pinger pinger, final Control control)
    {
        phase = link;
        final Endpoint side = pingSides[link];
        final long start = System.nanoTime();
        for (int i = 0; i < BLOCK; i++)
        {
            while (!side.offer(pinger.seq))
            {
                if (control.stopMeasurement)
                {
                    return -1;
                }
                Thread.onSpinWait();
            }
            pinger.link = link;
            pinger.awaiting = true;
            if (!awaitEcho(pinger, control))
            {
                return -1;
            }
        }
        return System.nanoTime() - start;
    }

    private boolean awaitEcho(final Pinger pinger, final Control control)
    {
        final Endpoint side = pingSides[pinger.link];
        long echo;
        while ((echo = side.poll()) == Message.EMPTY)
        {
            if (control.stopMeasurement)
            {
                return false;
            }
            Thread.onSpinWait();
        }
        final long expected = Message.checksum(Message.checksum(pinger.seq));
        if (echo != expected)
        {
            throw new IllegalStateException((pinger.link == UMP ? "UMP" : against) + ": echo of ping " + pinger.seq
                + " has checksum " + echo + ", expected " + expected);
        }
        pinger.awaiting = false;
        pinger.seq++;
        return true;
    }
}
