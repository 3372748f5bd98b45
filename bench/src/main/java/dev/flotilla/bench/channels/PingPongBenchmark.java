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
import org.openjdk.jmh.infra.Control;

/**
 * Round trip: the pinger sends a message and waits for the echo; the echoer waits for a message
 * and sends one back. Both are 56-byte messages that the receiver reads whole. JMH samples the
 * pinger's invocations, one round trip each, for the median and the tail; the echoer's own timings
 * are not used.
 *
 * <p>Every wait checks {@link Control#stopMeasurement}: when an iteration ends while a message is
 * in flight, the waiting thread returns, remembers where it was, and its next invocation resumes
 * the same exchange. So no message is ever lost or doubled across iterations, and the pinger's
 * check that each echo has exactly the expected checksum holds throughout.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Group)
public class PingPongBenchmark
{
    /** Messages per ring: only one is ever in flight, but rings are as large as in streaming. */
    static final int CAPACITY = 256;

    @Param({"FLOOR", "BARE_RING", "UMP", "UMP_WAKEUP", "UMP_COPYING",
        "JCTOOLS", "JCTOOLS_VARHANDLE", "AGRONA", "DISRUPTOR", "ABQ"})
    public String transport;

    private Link<? extends Endpoint> link;
    private Endpoint pingSide;
    private Endpoint echoSide;

    @Setup(Level.Trial)
    public void open()
    {
        link = Transport.valueOf(transport).open(CAPACITY);
        pingSide = link.a();
        echoSide = link.b();
    }

    @TearDown(Level.Trial)
    public void close()
    {
        link.release().run();
    }

    /** The pinger's thread: its CPU and the exchange in progress. */
    @State(Scope.Thread)
    public static class Pinger extends PinnedThread
    {
        /** The number of the next ping; its base is this number. */
        long seq;
        /** True between sending a ping and receiving its echo. */
        boolean awaiting;

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
        /** True while a received ping waits to be echoed. */
        boolean holding;
        /** The base of the echo: the checksum of the ping it answers. */
        long reply;

        @Override
        String role()
        {
            return "echo";
        }
    }

    /**
     * One round trip.
     *
     * @return the echo's checksum (JMH consumes it), or {@link Message#EMPTY} if the iteration
     *         ended first.
     */
    @Benchmark
    @Group("rtt")
    @GroupThreads(1)
    public long ping(final Pinger pinger, final Control control)
    {
        final Endpoint side = pingSide;
        if (!pinger.awaiting)
        {
            while (!side.offer(pinger.seq))
            {
                if (control.stopMeasurement)
                {
                    return Message.EMPTY;
                }
                Thread.onSpinWait();
            }
            pinger.awaiting = true;
        }
        final long expected = Message.checksum(Message.checksum(pinger.seq));
        long echo;
        while ((echo = side.poll()) == Message.EMPTY)
        {
            if (control.stopMeasurement)
            {
                return Message.EMPTY;
            }
            Thread.onSpinWait();
        }
        if (echo != expected)
        {
            throw new IllegalStateException(transport + ": echo of ping " + pinger.seq + " has checksum " + echo
                + ", expected " + expected);
        }
        pinger.awaiting = false;
        pinger.seq++;
        return echo;
    }

    /**
     * Receives one ping and echoes it: the echo's base is the ping's checksum, so the echoer must
     * have read all seven words to answer correctly.
     *
     * @return the ping's checksum, or {@link Message#EMPTY} if the iteration ended first.
     */
    @Benchmark
    @Group("rtt")
    @GroupThreads(1)
    public long echo(final Echoer echoer, final Control control)
    {
        final Endpoint side = echoSide;
        if (!echoer.holding)
        {
            long ping;
            while ((ping = side.poll()) == Message.EMPTY)
            {
                if (control.stopMeasurement)
                {
                    return Message.EMPTY;
                }
                Thread.onSpinWait();
            }
            echoer.reply = ping;
            echoer.holding = true;
        }
        while (!side.offer(echoer.reply))
        {
            if (control.stopMeasurement)
            {
                return Message.EMPTY;
            }
            Thread.onSpinWait();
        }
        echoer.holding = false;
        return echoer.reply;
    }
}
