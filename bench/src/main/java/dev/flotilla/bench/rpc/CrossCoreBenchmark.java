package dev.flotilla.bench.rpc;

import dev.flotilla.bench.CpuPair;
import dev.flotilla.bench.layouts.Handoff;
import dev.flotilla.bench.layouts.StopFlag;
import java.lang.foreign.Arena;
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

/**
 * A request/response round trip between two pinned platform threads, one per core: the benchmark's thread
 * is the client (on the first CPU of {@link Cpus#pair()}), a server thread started for the trial answers
 * (on the second). Each invocation is one round trip of the same payload (six words out, one back),
 * checked end to end. The transports: Flotilla's RPC through generated stubs over UMP, the same messages
 * written by hand on UMP, and the JDK's {@code SynchronousQueue} and {@code Exchanger} hand-offs.
 *
 * <p>The server serves until the trial ends; the client never stops inside a round trip, so no message is
 * left in flight between iterations. If the server thread fails, the client's wait ends and it throws.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CrossCoreBenchmark
{
    /** The transports, by name. */
    public enum Transport
    {
        STUB_RPC,
        RAW_UMP,
        SYNCHRONOUS_QUEUE,
        EXCHANGER;

        Handoff open(final Arena arena)
        {
            return switch (this)
            {
                case STUB_RPC -> new StubRpcHandoff(arena);
                case RAW_UMP -> new RawUmpHandoff(arena);
                case SYNCHRONOUS_QUEUE -> HandOffQueues.synchronousQueues();
                case EXCHANGER -> HandOffQueues.exchangers();
            };
        }
    }

    @Param({"STUB_RPC", "RAW_UMP", "SYNCHRONOUS_QUEUE", "EXCHANGER"})
    public String transport;

    private Arena arena;
    private Handoff handoff;
    /** Raised at the end of the trial, or by the server if it fails (then the client's wait ends too). */
    private final StopFlag stop = new StopFlag();
    private Thread server;
    private volatile Throwable serverFailure;
    private long base;

    @Setup(Level.Trial)
    public void start()
    {
        final CpuPair cpus = Cpus.pair();
        Cpus.pin(cpus.first(), "client");
        arena = Arena.ofShared();
        handoff = Transport.valueOf(transport).open(arena);
        server = Thread.ofPlatform().name("rpc-bench-server").daemon().start(() ->
        {
            Cpus.pin(cpus.second(), "server");
            try
            {
                serve(handoff, stop);
            }
            catch (final RuntimeException | Error e)
            {
                serverFailure = e;
                stop.raise();
            }
        });
    }

    /** The server's loop: answer every request with its checksum, until {@code stop}. */
    static void serve(final Handoff handoff, final StopFlag stop)
    {
        while (true)
        {
            final long got = handoff.receive(1, stop);
            if (got == Long.MIN_VALUE)
            {
                return;
            }
            handoff.send(1, got);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException
    {
        stop.raise();
        server.join();
        arena.close();
    }

    /** One round trip; returns the checked answer's checksum. */
    @Benchmark
    public long roundTrip()
    {
        final long b = base++;
        handoff.send(0, b);
        final long got = handoff.receive(0, stop);
        if (got != Handoff.checksum(Handoff.checksum(b)))
        {
            throw new IllegalStateException(transport + ": round trip " + b + " answered " + got
                + (serverFailure != null ? "; the server failed: " + serverFailure : ""), serverFailure);
        }
        return got;
    }
}
