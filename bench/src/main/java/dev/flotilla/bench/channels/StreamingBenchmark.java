package dev.flotilla.bench.channels;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Control;

/**
 * Streaming throughput: a producer sends messages as fast as the ring takes them and a consumer
 * receives them, both through the transport's batching interface. Each invocation moves exactly
 * {@value #BATCH} messages (over as many calls as it takes), so JMH's operations are messages; the
 * consumer's rate is the result.
 *
 * <p>The consumer folds every checksum in order, which the tests check against the messages sent.
 * Waits check {@link Control#stopMeasurement}; messages still in the ring when an iteration ends
 * are received in the next one.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Group)
public class StreamingBenchmark
{
    /** Messages per ring. */
    static final int CAPACITY = PingPongBenchmark.CAPACITY;
    /** Messages per invocation; also the most any one send or receive call is asked to move. */
    static final int BATCH = 32;

    @Param({"UMP", "UMP_WAKEUP", "UMP_COPYING", "JCTOOLS", "JCTOOLS_VARHANDLE", "AGRONA", "DISRUPTOR", "ABQ"})
    public String transport;

    private Link<StreamEndpoint> link;
    private StreamEndpoint producerSide;
    private StreamEndpoint consumerSide;

    @Setup(Level.Trial)
    public void open()
    {
        link = Transport.valueOf(transport).openStream(CAPACITY);
        producerSide = link.a();
        consumerSide = link.b();
    }

    @TearDown(Level.Trial)
    public void close()
    {
        link.release().run();
    }

    /** The producer's thread: its CPU and the next message to send. */
    @State(Scope.Thread)
    public static class Producer extends PinnedThread
    {
        /** The base of the next message to send. */
        long next;

        @Override
        String role()
        {
            return "produce";
        }
    }

    /** The consumer's thread: its CPU. */
    @State(Scope.Thread)
    public static class Consumer extends PinnedThread
    {
        @Override
        String role()
        {
            return "consume";
        }
    }

    /** Sends {@value #BATCH} messages, in batches as large as the ring has room for. */
    @Benchmark
    @Group("stream")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public void produce(final Producer producer, final Control control)
    {
        final StreamEndpoint side = producerSide;
        int sent = 0;
        while (sent < BATCH)
        {
            final int n = side.offerBatch(producer.next, BATCH - sent);
            producer.next += n;
            sent += n;
            if (n == 0)
            {
                if (control.stopMeasurement)
                {
                    return;
                }
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Receives {@value #BATCH} messages, as many per call as have arrived.
     *
     * @return the fold of every checksum received so far (JMH consumes it).
     */
    @Benchmark
    @Group("stream")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public long consume(final Consumer consumer, final Control control)
    {
        final StreamEndpoint side = consumerSide;
        int received = 0;
        while (received < BATCH)
        {
            final int n = side.drain(BATCH - received);
            received += n;
            if (n == 0)
            {
                if (control.stopMeasurement)
                {
                    break;
                }
                Thread.onSpinWait();
            }
        }
        return side.fold();
    }
}
