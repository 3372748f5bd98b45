package dev.flotilla.bench.channels;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The code's share: one pinned thread sends a message on one side and receives it on the other,
 * so no cache line crosses cores and what remains is the instructions each transport executes per
 * message (and how well they pipeline). A diagnostic beside the two cross-core benchmarks: it tells
 * how much of a round trip is protocol and code rather than coherence traffic.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SendReceiveBenchmark
{
    @Param({"FLOOR", "BARE_RING", "UMP", "UMP_WAKEUP", "UMP_COPYING",
        "JCTOOLS", "JCTOOLS_VARHANDLE", "AGRONA", "DISRUPTOR", "ABQ"})
    public String transport;

    private Link<? extends Endpoint> link;
    private Endpoint sender;
    private Endpoint receiver;
    private long seq;
    private int cpu = -1;

    @Setup(Level.Trial)
    public void open()
    {
        link = Transport.valueOf(transport).open(PingPongBenchmark.CAPACITY);
        sender = link.a();
        receiver = link.b();
    }

    @Setup(Level.Trial)
    public void pin(final BenchmarkParams benchmark, final ThreadParams thread)
    {
        cpu = CpuPinning.pin(thread.getThreadIndex(), benchmark, "send-receive");
    }

    @TearDown(Level.Trial)
    public void checkOut(final BenchmarkParams benchmark)
    {
        CpuPinning.checkOut(cpu, benchmark, "send-receive");
    }

    @TearDown(Level.Trial)
    public void close()
    {
        link.release().run();
    }

    /**
     * Sends the next message and receives it.
     *
     * @return its checksum (JMH consumes it).
     */
    @Benchmark
    public long sendReceive()
    {
        if (!sender.offer(seq))
        {
            throw new IllegalStateException(transport + ": no room for message " + seq + " in an empty ring");
        }
        final long checksum = receiver.poll();
        if (checksum != Message.checksum(seq))
        {
            throw new IllegalStateException(transport + ": message " + seq + " arrived with checksum " + checksum
                + ", expected " + Message.checksum(seq));
        }
        seq++;
        return checksum;
    }
}
