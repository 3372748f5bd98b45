package dev.flotilla.bench.rpc;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The same-core LRPC round trip ({@link SameCoreLrpc}): two dispatchers on one core, through the CPU
 * driver's round robin, over LMP, through the generated stubs; ns per round trip. The benchmark's thread is
 * the core (one thread, so it is not pinned: nothing crosses cores).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LrpcBenchmark
{
    private SameCoreLrpc blocking;
    private SameCoreLrpc splitPhase;
    private SameCoreLrpc rawLmp;

    @Setup
    public void start()
    {
        blocking = new SameCoreLrpc(SameCoreLrpc.Mode.BLOCKING);
        splitPhase = new SameCoreLrpc(SameCoreLrpc.Mode.SPLIT_PHASE);
        rawLmp = new SameCoreLrpc(SameCoreLrpc.Mode.RAW_LMP);
    }

    /** A user-level thread's blocking call: the thread parks, the server's dispatch answers, the reply resumes it. */
    @Benchmark
    public long blockingCall()
    {
        return blocking.roundTrip();
    }

    /** A split-phase call whose completion makes the next call. */
    @Benchmark
    public long splitPhaseCall()
    {
        return splitPhase.roundTrip();
    }

    /** No stubs: the same messages by hand over LMP, through the same two dispatchers and CPU driver. */
    @Benchmark
    public long rawLmpCall()
    {
        return rawLmp.roundTrip();
    }
}
