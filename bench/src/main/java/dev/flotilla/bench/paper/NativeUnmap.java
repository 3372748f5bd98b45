package dev.flotilla.bench.paper;

import dev.flotilla.platform.linux.Affinity;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * The native baselines of Fig. 7, on host threads pinned one per CPU (host code: threads and the clock are
 * the benchmark's, never the OS's).
 *
 * <ul>
 *   <li><b>shared table</b> ({@link #sharedTable}): what a shared-memory kernel does, in Java — one translation
 *       table behind a {@link ReentrantLock}, read by a thread on every CPU into its own cached copy (its TLB);
 *       the unmapping thread takes the lock, clears the entry, raises a global invalidation (one shared
 *       generation word) and spins until every other thread has dropped its copy and counted itself on a shared
 *       acknowledgement counter;</li>
 *   <li><b>Linux</b> ({@link #linux}): the kernel's own shootdown — a page {@code mmap}ed, touched by a thread
 *       spinning on every other CPU (so each CPU's TLB holds it and each runs the process), then
 *       {@code munmap}ed by the timing thread: Linux interrupts every other CPU of the process and waits for
 *       them (libc through FFM).</li>
 * </ul>
 */
final class NativeUnmap
{
    private static final long PAGE = 4096;
    private static final int PROT_READ_WRITE = 0x3;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;

    static
    {
        final Linker linker = Linker.nativeLinker();
        MMAP = linker.downcallHandle(linker.defaultLookup().find("mmap").orElseThrow(), FunctionDescriptor.of(
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        MUNMAP = linker.downcallHandle(linker.defaultLookup().find("munmap").orElseThrow(), FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    }

    private NativeUnmap()
    {
    }

    /** The median ns of {@code rounds} shared-table unmaps (after {@code warmUp} more) over {@code cpus}. */
    static double sharedTable(final int[] cpus, final int warmUp, final int rounds) throws InterruptedException
    {
        final ReentrantLock lock = new ReentrantLock();
        final AtomicLong table = new AtomicLong(1); // the entry: a frame number, 0 once unmapped
        final AtomicLong generation = new AtomicLong(); // the global invalidation
        final AtomicInteger acks = new AtomicInteger();
        final AtomicInteger cached = new AtomicInteger(); // threads holding the current entry
        return run(cpus, warmUp, rounds, new Worker()
        {
            private long seen = -1;
            /** Its cached copy of the entry (its TLB): what its accesses would translate through. */
            private long entry;
            /** Reads of the cached entry, so that the copy is used and not optimised away. */
            long used;

            @Override
            public void poll()
            {
                used += entry;
                final long now = generation.get();
                if (now != seen)
                {
                    seen = now;
                    if (now > 0)
                    {
                        entry = 0; // dropped its copy
                        acks.incrementAndGet();
                    }
                    lock.lock(); // the next walk reads the table under the lock
                    try
                    {
                        entry = table.get();
                    }
                    finally
                    {
                        lock.unlock();
                    }
                    cached.incrementAndGet();
                }
            }
        }, round ->
        {
            while (cached.get() < cpus.length - 1) // every other thread translated the entry of this round
            {
                Thread.onSpinWait();
            }
            cached.set(0);
            acks.set(0);
        }, round ->
        {
            lock.lock();
            try
            {
                table.set(0);
                generation.incrementAndGet();
                while (acks.get() < cpus.length - 1)
                {
                    Thread.onSpinWait();
                }
                table.set(1); // mapped again for the next round
            }
            finally
            {
                lock.unlock();
            }
        });
    }

    /** The median ns of {@code rounds} munmaps of a page every other CPU touched (after {@code warmUp} more). */
    static double linux(final int[] cpus, final int warmUp, final int rounds) throws InterruptedException
    {
        final AtomicLong page = new AtomicLong(); // the address to touch, valid for the round in epoch
        final AtomicLong epoch = new AtomicLong(); // mmap may hand out the same address again: rounds are counted
        final AtomicInteger touched = new AtomicInteger();
        final long[] mapped = new long[1];
        return run(cpus, warmUp, rounds, new Worker()
        {
            private long seen;

            @Override
            public void poll()
            {
                final long round = epoch.get();
                if (round != seen && round > 0)
                {
                    seen = round;
                    final long address = page.get(); // written before epoch
                    MemorySegment.ofAddress(address).reinterpret(PAGE).get(ValueLayout.JAVA_BYTE, 0);
                    touched.incrementAndGet(); // no touch after this: the page may be unmapped from now on
                }
            }
        }, round ->
        {
            mapped[0] = mmap();
            MemorySegment.ofAddress(mapped[0]).reinterpret(PAGE).set(ValueLayout.JAVA_BYTE, 0, (byte)1);
            touched.set(0);
            page.set(mapped[0]);
            epoch.incrementAndGet();
            while (touched.get() < cpus.length - 1)
            {
                Thread.onSpinWait();
            }
        }, round ->
        {
            munmap(mapped[0]);
        });
    }

    /** What each other CPU's thread does between rounds: spins, calling poll. */
    private interface Worker
    {
        void poll();
    }

    /**
     * Starts a thread per CPU but the first, which the calling thread pins itself to; per round runs
     * {@code prepare} (untimed), then times {@code measured}; returns the median.
     */
    private static double run(final int[] cpus, final int warmUp, final int rounds, final Worker worker,
        final LongConsumer prepare, final LongConsumer measured) throws InterruptedException
    {
        final boolean[] stop = {false};
        final AtomicInteger started = new AtomicInteger();
        final Thread[] threads = new Thread[cpus.length - 1];
        final Object sync = new Object();
        for (int t = 1; t < cpus.length; t++)
        {
            final int cpu = cpus[t];
            threads[t - 1] = Thread.ofPlatform().name("unmap-" + cpu).start(() ->
            {
                Affinity.pinCurrentThread(cpu);
                started.incrementAndGet();
                while (true)
                {
                    synchronized (sync)
                    {
                        if (stop[0])
                        {
                            return;
                        }
                    }
                    for (int i = 0; i < 1_000; i++)
                    {
                        worker.poll();
                    }
                }
            });
        }
        final double[] times = new double[rounds];
        final Thread timer = Thread.ofPlatform().name("unmap-" + cpus[0]).start(() ->
        {
            Affinity.pinCurrentThread(cpus[0]);
            while (started.get() < cpus.length - 1)
            {
                Thread.onSpinWait();
            }
            for (int round = -warmUp; round < rounds; round++)
            {
                prepare.accept(round);
                final long start = System.nanoTime();
                measured.accept(round);
                final long took = System.nanoTime() - start;
                if (round >= 0)
                {
                    times[round] = took;
                }
            }
        });
        timer.join();
        synchronized (sync)
        {
            stop[0] = true;
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }

    private static long mmap()
    {
        try
        {
            final long address = (long)MMAP.invokeExact(0L, PAGE, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
            if (address == -1L)
            {
                throw new IllegalStateException("mmap of one page failed");
            }
            return address;
        }
        catch (final Throwable e)
        {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private static void munmap(final long address)
    {
        try
        {
            if ((int)MUNMAP.invokeExact(address, PAGE) != 0)
            {
                throw new IllegalStateException("munmap failed");
            }
        }
        catch (final Throwable e)
        {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}
