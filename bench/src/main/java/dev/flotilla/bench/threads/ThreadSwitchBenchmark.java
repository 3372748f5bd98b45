package dev.flotilla.bench.threads;

import dev.flotilla.lib.thread.ThreadScheduler;
import dev.flotilla.lib.thread.UThread;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The scheduler's basic operations, each as a dispatcher drives them: one {@code runReady} that switches into
 * one thread, which runs until it suspends again. Virtual time stands still (the clock is a constant), so
 * no sleeper ever wakes and nothing but the switch is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ThreadSwitchBenchmark
{
    private static final Runnable NOTHING = () -> { };

    private ThreadScheduler yielding;
    private ThreadScheduler parking;
    private ThreadScheduler lives;
    private UThread parker;

    @Setup
    public void start()
    {
        yielding = new ThreadScheduler(() -> 0);
        yielding.create("yielder", () ->
        {
            while (true)
            {
                yielding.yield();
            }
        });
        parking = new ThreadScheduler(() -> 0);
        parker = parking.create("parker", () ->
        {
            while (true)
            {
                parking.park();
            }
        });
        parking.runReady(0, 1);
        lives = new ThreadScheduler(() -> 0);
    }

    /** Resume a thread and have it yield back: the round trip of one switch. */
    @Benchmark
    public int yieldRoundTrip()
    {
        return yielding.runReady(0, 1);
    }

    /** A handler outside every thread unparks a thread, which runs and parks again: a reply waking a waiter. */
    @Benchmark
    public int unparkAndRun()
    {
        parking.unpark(parker);
        return parking.runReady(0, 1);
    }

    /** Create a thread with an empty body, run it to its end. */
    @Benchmark
    public int createRunEnd()
    {
        lives.create("t", NOTHING);
        return lives.runReady(0, 1);
    }
}
