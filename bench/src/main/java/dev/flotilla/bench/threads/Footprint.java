package dev.flotilla.bench.threads;

import dev.flotilla.lib.thread.ThreadScheduler;
import dev.flotilla.lib.thread.UThread;
import java.lang.management.ManagementFactory;

/**
 * The heap a parked thread holds, measured two ways on many threads parked at once: the bytes allocated to
 * create and park them (their handles, continuations and stack chunks; exact, from the JVM's per-thread
 * allocation counter), and the growth of the live heap after a full collection (includes the array that
 * holds them, 4 bytes each with compressed references; noisier).
 */
public final class Footprint
{
    /** Bytes per parked thread, both ways. */
    public record Result(int threads, long allocatedPerThread, long retainedPerThread)
    {
    }

    private Footprint()
    {
    }

    /** Measures {@code rounds} times on {@code threads} threads and keeps the last round: the warm one. */
    public static Result measure(final int threads, final int rounds)
    {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        Result result = null;
        for (int round = 0; round < rounds; round++)
        {
            final ThreadScheduler scheduler = new ThreadScheduler(() -> 0);
            final Runnable body = scheduler::park;
            final UThread[] parked = new UThread[threads];
            final long live = liveHeap();
            final long allocated = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < threads; i++)
            {
                parked[i] = scheduler.create("t", body);
            }
            scheduler.runReady(0, threads);
            final long allocatedPer = (mx.getCurrentThreadAllocatedBytes() - allocated) / threads;
            final long retainedPer = (liveHeap() - live) / threads;
            result = new Result(threads, allocatedPer, retainedPer);
            for (final UThread t : parked)
            {
                scheduler.unpark(t);
            }
            scheduler.runReady(0, threads);
            if (scheduler.alive() != 0)
            {
                throw new IllegalStateException("threads left alive: " + scheduler);
            }
        }
        return result;
    }

    /** The live heap after full collections (System.gc is a synchronous full collection unless told otherwise). */
    private static long liveHeap()
    {
        final Runtime runtime = Runtime.getRuntime();
        System.gc();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
