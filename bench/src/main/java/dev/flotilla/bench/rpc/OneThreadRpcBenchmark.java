package dev.flotilla.bench.rpc;

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
 * A diagnostic: the stubs' and raw UMP's round trip with both ends on one thread, so that no cache line
 * crosses cores and what is left is each one's code: call, the server's receive and answer, the client's
 * receive. The same channels and handoffs as {@link CrossCoreBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OneThreadRpcBenchmark
{
    @Param({"STUB_RPC", "RAW_UMP"})
    public String transport;

    private final StopFlag never = new StopFlag();
    private Arena arena;
    private Handoff handoff;
    private long base;

    @Setup(Level.Trial)
    public void start()
    {
        arena = Arena.ofShared();
        handoff = CrossCoreBenchmark.Transport.valueOf(transport).open(arena);
    }

    @TearDown(Level.Trial)
    public void stop()
    {
        arena.close();
    }

    /** Call, serve and answer on the calling thread; returns the checked answer's checksum. */
    @Benchmark
    public long roundTrip()
    {
        final long b = base++;
        handoff.send(0, b);
        handoff.send(1, handoff.receive(1, never));
        final long got = handoff.receive(0, never);
        if (got != Handoff.checksum(Handoff.checksum(b)))
        {
            throw new IllegalStateException(transport + ": round trip " + b + " answered " + got);
        }
        return got;
    }
}
