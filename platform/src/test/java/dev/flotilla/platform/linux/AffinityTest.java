package dev.flotilla.platform.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins real threads on this host. Every pin happens on a fresh platform thread that ends with the
 * test, so the runner's thread keeps its mask; what the pinned thread saw comes back as a value and
 * is asserted on the runner's thread.
 */
final class AffinityTest
{
    private BitSet runnerMask;

    /** What a thread observed right after a pin attempt. */
    private record Observed(Affinity.PinResult result, int currentCpu, BitSet allowedAfter)
    {
    }

    @BeforeEach
    void requireAffinity()
    {
        assumeTrue(Affinity.available(), Affinity.unavailableReason());
        runnerMask = Affinity.allowedCpus();
        assertFalse(runnerMask.isEmpty(), "a thread may always run somewhere");
    }

    @Test
    void pinsToEachAllowedCpu() throws Exception
    {
        for (final int cpu : runnerMask.stream().toArray())
        {
            final Observed seen = onFreshThread(() -> observe(cpu));

            assertEquals(new Affinity.PinResult(cpu, true, List.of(cpu), ""), seen.result());
            assertEquals(cpu, seen.currentCpu(), "sched_setaffinity migrates the caller before it returns");
            assertEquals(bits(cpu), seen.allowedAfter());
        }
        assertEquals(runnerMask, Affinity.allowedCpus(), "the runner's thread was never pinned");
    }

    @Test
    void aPinnedThreadCanMoveToAnotherCpu() throws Exception
    {
        assumeTrue(runnerMask.cardinality() >= 2, "needs two allowed CPUs");
        final int first = runnerMask.nextSetBit(0);
        final int last = runnerMask.length() - 1;

        final Observed seen = onFreshThread(() ->
        {
            assertTrue(Affinity.pinCurrentThread(first).pinned());
            return observe(last);
        });

        assertEquals(new Affinity.PinResult(last, true, List.of(last), ""), seen.result());
        assertEquals(last, seen.currentCpu());
    }

    @Test
    void aCpuOutsideTheMaskIsRefusedAndTheOldMaskStays() throws Exception
    {
        assumeTrue(!runnerMask.get(4095), "CPU 4095 exists here");
        final List<Integer> before = runnerMask.stream().boxed().toList();

        final Observed seen = onFreshThread(() -> observe(4095));

        assertEquals(new Affinity.PinResult(4095, false, before,
                "sched_setaffinity to cpu 4095 refused: EINVAL (22): the CPU is offline, absent, "
                    + "or not in this process's cpuset"),
            seen.result());
        assertEquals(runnerMask, seen.allowedAfter());
        assertTrue(runnerMask.get(seen.currentCpu()));
    }

    @Test
    void aCpuBeyondAnyMaskIsRefusedWithoutACall() throws Exception
    {
        final Observed seen = onFreshThread(() -> observe(CpuList.MAX_CPU + 1));

        assertFalse(seen.result().pinned());
        assertEquals("cpu 65536 is above the largest CPU number 65535 a mask is built for", seen.result().detail());
        assertEquals(runnerMask, seen.allowedAfter());
    }

    @Test
    void aNegativeCpuIsAProgrammingError()
    {
        assertThrows(IllegalArgumentException.class, () -> Affinity.pinCurrentThread(-1));
    }

    @Test
    void theCurrentCpuIsAllowed()
    {
        // The thread may migrate between the two calls, but only to CPUs its mask allows.
        assertTrue(runnerMask.get(Affinity.currentCpu()));
    }

    @Test
    void allowedCpusIsAFreshCopy()
    {
        Affinity.allowedCpus().clear();
        assertEquals(runnerMask, Affinity.allowedCpus());
    }

    @Test
    void errnoIsReportedByNameAndNumber()
    {
        assertEquals("EINVAL (22)", Affinity.errnoName(22));
        assertEquals("EPERM (1)", Affinity.errnoName(1));
        assertEquals("errno (95)", Affinity.errnoName(95));
    }

    private static Observed observe(final int cpu)
    {
        final Affinity.PinResult result = Affinity.pinCurrentThread(cpu);
        return new Observed(result, Affinity.currentCpu(), Affinity.allowedCpus());
    }

    private static BitSet bits(final int cpu)
    {
        final BitSet set = new BitSet();
        set.set(cpu);
        return set;
    }

    /** Runs {@code body} on a new platform thread and returns its value, rethrowing what it threw. */
    private static <T> T onFreshThread(final Callable<T> body) throws Exception
    {
        final FutureTask<T> task = new FutureTask<>(body);
        final Thread thread = Thread.ofPlatform().name("affinity-test").start(task);
        thread.join();
        try
        {
            return task.get();
        }
        catch (final ExecutionException e)
        {
            if (e.getCause() instanceof Error error)
            {
                throw error;
            }
            throw e;
        }
    }
}
