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
 * UMP's streaming throughput against one other transport's, in alternation on the same two pinned
 * threads: the producer streams {@value #BLOCK} messages over UMP, then {@value #BLOCK} over the other
 * link, and again; the consumer drains them in the same order and times each block from its first
 * receive call to its last message. Neighbouring blocks share whatever placement and load the
 * machine had at that moment, which separate forks of {@link StreamingBenchmark} do not, so the ratio
 * of their times is the fair comparison on a noisy machine; {@link PairLog} takes its median.
 *
 * <p>The schedule is fixed (block {@code b} goes over UMP when {@code b} is even), so neither side
 * tells the other anything. The producer may run up to one ring ahead into the next block while the
 * consumer finishes the last one; that head start is at most the ring's capacity, under 1% of a
 * block, and the same for both links. A block that an iteration's end interrupts, or that straddles
 * two iterations, is not recorded.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Group)
public class PairedStreamingBenchmark
{
    /** Messages per block. */
    static final int BLOCK = 4096;
    /** The most one send or receive call is asked to move, as in {@link StreamingBenchmark}. */
    static final int BATCH = StreamingBenchmark.BATCH;
    /** Which link, in the side arrays, is UMP; the other transport's is 1. */
    static final int UMP = 0;

    /** The transport UMP is paired with: every other one that streams. */
    @Param({"UMP_WAKEUP", "UMP_COPYING", "JCTOOLS", "JCTOOLS_VARHANDLE", "AGRONA", "DISRUPTOR", "ABQ"})
    public String against;

    private Link<StreamEndpoint> umpLink;
    private Link<StreamEndpoint> otherLink;
    private final StreamEndpoint[] producerSides = new StreamEndpoint[2];
    private final StreamEndpoint[] consumerSides = new StreamEndpoint[2];

    @Setup(Level.Trial)
    public void open()
    {
        umpLink = Transport.UMP.openStream(StreamingBenchmark.CAPACITY);
        otherLink = Transport.valueOf(against).openStream(StreamingBenchmark.CAPACITY);
        producerSides[UMP] = umpLink.a();
        consumerSides[UMP] = umpLink.b();
        producerSides[1 - UMP] = otherLink.a();
        consumerSides[1 - UMP] = otherLink.b();
    }

    @TearDown(Level.Trial)
    public void close()
    {
        umpLink.release().run();
        otherLink.release().run();
    }

    /** The consumer side of link {@code link} (0 is UMP): its fold tells what it received, in order. */
    StreamEndpoint consumerSide(final int link)
    {
        return consumerSides[link];
    }

    /** The producer's thread: where it is in the schedule. */
    @State(Scope.Thread)
    public static class Producer extends PinnedThread
    {
        /** The base of the next message on each link. */
        final long[] next = new long[2];
        /** Blocks sent whole; the block in progress goes over link {@code blocks % 2}. */
        long blocks;
        /** Messages of the block in progress already sent. */
        int sentInBlock;

        @Override
        String role()
        {
            return "produce";
        }
    }

    /** The consumer's thread: where it is in the schedule, and the block times it measured. */
    @State(Scope.Thread)
    public static class Consumer extends PinnedThread
    {
        /** Blocks received whole; the block in progress comes over link {@code blocks % 2}. */
        long blocks;
        /** Messages of the block in progress already received. */
        int receivedInBlock;
        /** When the block in progress began, and in which iteration. */
        long blockStart;
        int blockIteration;
        /** False once the block in progress was interrupted, or if it began outside a measured iteration. */
        boolean whole;
        /** The last whole UMP block's time, waiting for the other link's block after it; -1 if none. */
        long umpNs = -1;
        int iteration;
        boolean measuring;
        final BlockPairs pairs = new BlockPairs(BLOCK);

        @Override
        String role()
        {
            return "consume";
        }

        @Setup(Level.Iteration)
        public void iteration(final IterationParams params)
        {
            iteration++;
            measuring = params.getType() == IterationType.MEASUREMENT;
            umpNs = -1; // a pair never spans two iterations
        }

        @TearDown(Level.Trial)
        public void report(final BenchmarkParams benchmark)
        {
            PairLog.append(PairLog.Kind.STREAMING, benchmark.getParam("against"), pairs);
        }
    }

    /** Sends up to {@value #BATCH} messages of the block in progress. */
    @Benchmark
    @Group("pairedStream")
    @GroupThreads(1)
    public void produce(final Producer producer, final Control control)
    {
        final int link = (int)(producer.blocks & 1);
        final StreamEndpoint side = producerSides[link];
        int wanted = Math.min(BATCH, BLOCK - producer.sentInBlock);
        while (wanted > 0)
        {
            final int n = side.offerBatch(producer.next[link], wanted);
            producer.next[link] += n;
            producer.sentInBlock += n;
            wanted -= n;
            if (n == 0)
            {
                if (control.stopMeasurement)
                {
                    return;
                }
                Thread.onSpinWait();
            }
        }
        if (producer.sentInBlock == BLOCK)
        {
            producer.blocks++;
            producer.sentInBlock = 0;
        }
    }

    /** Receives up to {@value #BATCH} messages of the block in progress; times the block when it completes. */
    @Benchmark
    @Group("pairedStream")
    @GroupThreads(1)
    public void consume(final Consumer consumer, final Control control)
    {
        final int link = (int)(consumer.blocks & 1);
        if (consumer.receivedInBlock == 0)
        {
            consumer.blockStart = System.nanoTime();
            consumer.blockIteration = consumer.iteration;
            consumer.whole = consumer.measuring;
        }
        final StreamEndpoint side = consumerSides[link];
        int wanted = Math.min(BATCH, BLOCK - consumer.receivedInBlock);
        while (wanted > 0)
        {
            final int n = side.drain(wanted);
            consumer.receivedInBlock += n;
            wanted -= n;
            if (n == 0)
            {
                if (control.stopMeasurement)
                {
                    consumer.whole = false;
                    return;
                }
                Thread.onSpinWait();
            }
        }
        if (consumer.receivedInBlock == BLOCK)
        {
            final long time = System.nanoTime() - consumer.blockStart;
            final boolean counted = consumer.whole && consumer.blockIteration == consumer.iteration;
            consumer.receivedInBlock = 0;
            consumer.blocks++;
            if (link == UMP)
            {
                consumer.umpNs = counted ? time : -1;
            }
            else
            {
                if (counted && consumer.umpNs >= 0)
                {
                    consumer.pairs.add(consumer.umpNs, time);
                }
                consumer.umpNs = -1;
            }
        }
    }
}
