package dev.flotilla.lib.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What a parked thread with a shallow stack costs on the heap. The measure is the bytes this platform thread
 * allocates to create and suspend a batch of threads — their handles, continuations and the stack chunks the
 * JVM copies their frames into — which, since none of it is garbage until they end, is what they retain.
 * Counting allocation rather than sampling the heap after a collection keeps the number steady. The first
 * rounds run interpreted (bigger frames, and class loading); the last is what a warm dispatcher pays.
 */
class FootprintTest
{
    private static final int THREADS = 10_000;
    private static final int ROUNDS = 3;
    private static final long TARGET_BYTES = 2_048;

    /** What the measured threads run, and how the test ends them afterwards, from outside every thread. */
    private record Workload(Runnable body, Consumer<UThread[]> release)
    {
    }

    @Test
    void aParkedThreadCostsLessThanTwoKibibytes()
    {
        final long[] perThread = measure(scheduler -> new Workload(scheduler::park, threads ->
        {
            for (final UThread t : threads)
            {
                scheduler.unpark(t);
            }
        }));
        System.out.println("heap per parked thread (park), bytes by round: " + Arrays.toString(perThread));
        assertTrue(perThread[ROUNDS - 1] <= TARGET_BYTES,
            "a parked thread costs " + perThread[ROUNDS - 1] + " bytes, over the target " + TARGET_BYTES);
    }

    @Test
    void aThreadBlockedOnAMutexCostsLessThanTwoKibibytes()
    {
        final long[] perThread = measure(scheduler ->
        {
            final Mutex mutex = new Mutex(scheduler);
            final UThread owner = scheduler.create("owner", () ->
            {
                mutex.lock();
                scheduler.park();
                mutex.unlock();
            });
            return new Workload(() ->
            {
                mutex.lock();
                mutex.unlock();
            }, threads -> scheduler.unpark(owner));
        });
        System.out.println("heap per thread blocked in Mutex.lock, bytes by round: " + Arrays.toString(perThread));
        assertTrue(perThread[ROUNDS - 1] <= TARGET_BYTES,
            "a blocked thread costs " + perThread[ROUNDS - 1] + " bytes, over the target " + TARGET_BYTES);
    }

    /** Bytes per thread, one figure per round, for {@code THREADS} threads running the workload's body. */
    private static long[] measure(final Function<ThreadScheduler, Workload> setUp)
    {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx
            && mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(),
            "this JVM does not count allocated bytes per thread");
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long[] perThread = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++)
        {
            final ThreadScheduler scheduler = new ThreadScheduler(new SteppedClock());
            final Workload workload = setUp.apply(scheduler);
            scheduler.runReady(0, Integer.MAX_VALUE);
            final UThread[] threads = new UThread[THREADS];
            final long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < THREADS; i++)
            {
                threads[i] = scheduler.create("t", workload.body());
            }
            scheduler.runReady(0, THREADS);
            perThread[round] = (mx.getCurrentThreadAllocatedBytes() - before) / THREADS;
            for (final UThread t : threads)
            {
                assertTrue(t.state() == UThread.State.PARKED || t.state() == UThread.State.BLOCKED, t::toString);
            }
            workload.release().accept(threads);
            scheduler.runReady(0, Integer.MAX_VALUE);
            assertEquals(0, scheduler.alive());
            assertTrue(scheduler.failure().isEmpty());
        }
        return perThread;
    }
}
