package dev.flotilla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuDriverTest
{
    /** A dispatcher that records when it ran and exits after a number of runs. */
    private static final class Recorder implements Upcall
    {
        final String name;
        final List<String> log;
        final int runsBeforeExit;
        int runs;
        long deadline = Long.MAX_VALUE;
        Runnable onRun = () -> { };

        Recorder(final String name, final List<String> log, final int runsBeforeExit)
        {
            this.name = name;
            this.log = log;
            this.runsBeforeExit = runsBeforeExit;
        }

        @Override
        public int run(final long nowNs)
        {
            runs++;
            log.add(name + "@" + nowNs);
            onRun.run();
            return 1;
        }

        @Override
        public long wakeupDeadlineNs()
        {
            return deadline;
        }

        @Override
        public boolean hasExited()
        {
            return runs >= runsBeforeExit;
        }
    }

    @Test
    void dispatchesEveryDispatcherOncePerStepInRoundRobinOrder()
    {
        final List<String> log = new ArrayList<>();
        final CpuDriver kernel = new CpuDriver(3);
        kernel.spawn("a", new Recorder("a", log, 100));
        kernel.spawn("b", new Recorder("b", log, 100));
        assertEquals(2, kernel.doWork(10));
        assertEquals(2, kernel.doWork(20));
        assertEquals(List.of("a@10", "b@10", "a@20", "b@20"), log);
        assertEquals("core-3-kernel", kernel.roleName());
        assertEquals(2, kernel.dispatchers().getFirst().dispatches());
    }

    @Test
    void removesDispatchersThatExited()
    {
        final List<String> log = new ArrayList<>();
        final CpuDriver kernel = new CpuDriver(0);
        kernel.spawn("once", new Recorder("once", log, 1));
        kernel.spawn("stays", new Recorder("stays", log, 100));
        kernel.doWork(1);
        kernel.doWork(2);
        assertEquals(List.of("once@1", "stays@1", "stays@2"), log);
        assertEquals(List.of("stays"), kernel.dispatchers().stream().map(DispatcherControlBlock::name).toList());
    }

    @Test
    void haltStopsTheCoreAfterTheCurrentDispatcher()
    {
        final List<String> log = new ArrayList<>();
        final CpuDriver kernel = new CpuDriver(0);
        final Recorder first = new Recorder("first", log, 100);
        first.onRun = kernel::halt;
        kernel.spawn("first", first);
        kernel.spawn("second", new Recorder("second", log, 100));
        assertFalse(kernel.isHalted());
        kernel.doWork(5);
        assertTrue(kernel.isHalted());
        assertEquals(List.of("first@5"), log, "nothing runs after the halt");
    }

    @Test
    void kernelServicesRefuseCallsFromOutsideTheCoresStep()
    {
        final CpuDriver kernel = new CpuDriver(1);
        final IllegalStateException ex = assertThrows(IllegalStateException.class, kernel::halt);
        assertTrue(ex.getMessage().contains("core-1-kernel"), ex.getMessage());
        kernel.spawn("x", new Recorder("x", new ArrayList<>(), 10));
        kernel.doWork(1);
        assertThrows(IllegalStateException.class,
            () -> kernel.spawn("late", new Recorder("late", new ArrayList<>(), 1)),
            "after the core started, only its own step may spawn");
    }

    @Test
    void wakeupDeadlineIsTheEarliestOfItsDispatchers()
    {
        final CpuDriver kernel = new CpuDriver(0);
        assertEquals(Long.MAX_VALUE, kernel.wakeupDeadlineNs());
        final Recorder a = new Recorder("a", new ArrayList<>(), 10);
        final Recorder b = new Recorder("b", new ArrayList<>(), 10);
        a.deadline = 500;
        b.deadline = 300;
        kernel.spawn("a", a);
        kernel.spawn("b", b);
        assertEquals(300, kernel.wakeupDeadlineNs());
    }
}
