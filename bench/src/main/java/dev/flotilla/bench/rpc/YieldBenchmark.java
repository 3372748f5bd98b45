package dev.flotilla.bench.rpc;

import dev.flotilla.lib.thread.ThreadScheduler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A thread that yields {@value #YIELDS} times and ends, as a Flotilla user-level thread (each yield a
 * switch back into {@code runReady} and into the thread again) and as a JDK virtual thread
 * ({@code Thread.yield()}: unmount, resubmit to the scheduler, mount again); ns per yield. Both include
 * creating the thread and waiting for its end, spread over the yields (under 1% for the user-level
 * thread; the virtual thread's start and join cost a platform thread's park and wake-up, a few
 * microseconds, about 1% too). The virtual thread runs on the JDK's default scheduler, and a second time
 * on one carrier thread ({@code jdk.virtualThreadScheduler.parallelism=1}), where a yield cannot hop to
 * another carrier.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class YieldBenchmark
{
    /** Yields per invocation. */
    static final int YIELDS = 10_000;

    private ThreadScheduler scheduler;

    @Setup
    public void start()
    {
        scheduler = new ThreadScheduler(() -> 0);
    }

    /** Runs {@code yields} yields of one user-level thread to its end; returns the switches made. */
    static long userLevel(final ThreadScheduler scheduler, final int yields)
    {
        final long before = scheduler.switches();
        scheduler.create("yielder", () ->
        {
            for (int i = 0; i < yields; i++)
            {
                scheduler.yield();
            }
        });
        while (scheduler.alive() != 0)
        {
            scheduler.runReady(0, Integer.MAX_VALUE);
        }
        return scheduler.switches() - before;
    }

    /** Runs {@code yields} yields of one virtual thread to its end; returns how many it made. */
    static long virtual(final int yields) throws InterruptedException
    {
        final long[] made = new long[1];
        Thread.ofVirtual().start(() ->
        {
            for (int i = 0; i < yields; i++)
            {
                Thread.yield();
                made[0]++;
            }
        }).join();
        return made[0];
    }

    @Benchmark
    @OperationsPerInvocation(YIELDS)
    public long userLevelThreadYield()
    {
        return userLevel(scheduler, YIELDS);
    }

    @Benchmark
    @OperationsPerInvocation(YIELDS)
    public long virtualThreadYield() throws InterruptedException
    {
        return virtual(YIELDS);
    }

    @Benchmark
    @OperationsPerInvocation(YIELDS)
    @Fork(jvmArgsAppend = "-Djdk.virtualThreadScheduler.parallelism=1")
    public long virtualThreadYieldOneCarrier() throws InterruptedException
    {
        return virtual(YIELDS);
    }
}
