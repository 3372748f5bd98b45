package dev.flotilla.bench.paper;

import dev.flotilla.platform.linux.Affinity;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Fig. 3's SHMn on real shared memory: k host threads, each pinned to its own CPU, update the same n cache
 * lines over and over without locks (an opaque read, then an opaque write of the value plus one: a
 * read-modify-write the coherence protocol must move the line for, and that may lose a concurrent update, as
 * the paper's "no locking" does). One update is one pass over the n lines. Host code: threads and the clock.
 */
final class NativeShared
{
    /** Longs per 64-byte line: the array holds one used long per line, a line apart. */
    private static final int STRIDE = 8;

    private NativeShared()
    {
    }

    /**
     * @param cpus     the CPUs, one thread each.
     * @param lines    the lines each update writes.
     * @param warmupMs how long all threads run before counting.
     * @param spanMs   how long they run counted.
     * @return mean ns per update seen by one thread (the span times the threads over all updates).
     */
    static double nsPerUpdate(final int[] cpus, final int lines, final long warmupMs, final long spanMs)
        throws InterruptedException
    {
        // one spare line at each end, so no other object shares the first or last used line
        final AtomicLongArray shared = new AtomicLongArray((lines + 2) * STRIDE);
        final long[] counts = new long[cpus.length];
        final CountDownLatch ready = new CountDownLatch(cpus.length);
        final Phase phase = new Phase();
        final Thread[] threads = new Thread[cpus.length];
        for (int t = 0; t < cpus.length; t++)
        {
            final int index = t;
            threads[t] = Thread.ofPlatform().name("shm-" + cpus[t]).start(() ->
            {
                Affinity.pinCurrentThread(cpus[index]);
                ready.countDown();
                long updates = 0;
                long atStart = 0;
                while (phase.state < Phase.STOP)
                {
                    for (int line = 1; line <= lines; line++)
                    {
                        final int at = line * STRIDE;
                        shared.setOpaque(at, shared.getOpaque(at) + 1);
                    }
                    updates++;
                    if (phase.state == Phase.WARM)
                    {
                        atStart = updates;
                    }
                }
                counts[index] = updates - atStart;
            });
        }
        ready.await();
        Thread.sleep(warmupMs);
        phase.state = Phase.COUNT;
        final long start = System.nanoTime();
        Thread.sleep(spanMs);
        phase.state = Phase.STOP;
        final long took = System.nanoTime() - start;
        for (final Thread thread : threads)
        {
            thread.join();
        }
        long total = 0;
        for (final long count : counts)
        {
            total += count;
        }
        return total == 0 ? Double.NaN : (double)took * cpus.length / total;
    }

    /** The run's phase, written by the timing thread, read by the updaters. */
    private static final class Phase
    {
        static final int WARM = 0;
        static final int COUNT = 1;
        static final int STOP = 2;
        volatile int state = WARM;
    }
}
