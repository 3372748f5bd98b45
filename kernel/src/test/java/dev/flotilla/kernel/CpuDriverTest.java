package dev.flotilla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.platform.NanoClock;
import dev.flotilla.platform.memory.PhysicalMemory;
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
        boolean runnable = true;
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
        public boolean runnable(final long nowNs)
        {
            return runnable;
        }

        @Override
        public boolean hasExited()
        {
            return runs >= runsBeforeExit;
        }
    }

    /** A clock the test moves by hand; dispatchers advance it to say how long they ran. */
    private static final class SteppedClock implements NanoClock
    {
        long now;

        @Override
        public long nanoTime()
        {
            return now;
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

    @Test
    void aBlockedDispatcherIsSkippedUntilItSaysItIsRunnable()
    {
        final List<String> log = new ArrayList<>();
        final CpuDriver kernel = new CpuDriver(0);
        final Recorder blocked = new Recorder("blocked", log, 100);
        blocked.runnable = false;
        kernel.spawn("blocked", blocked);
        assertEquals(0, kernel.doWork(1), "a core whose only dispatcher is blocked does no work, so it may park");
        assertEquals(0, kernel.doWork(2));
        blocked.runnable = true;
        assertEquals(1, kernel.doWork(3));
        assertEquals(List.of("blocked@3"), log);
        final DispatcherControlBlock dcb = kernel.dispatchers().getFirst();
        assertEquals(1, dcb.dispatches());
        assertEquals(2, dcb.skippedWhileBlocked());
        assertEquals(1, dcb.work());
        assertEquals(2, kernel.skippedWhileBlocked());
    }

    @Test
    void aBlockedDispatcherRunsWhenItsTimerIsDue()
    {
        final List<String> log = new ArrayList<>();
        final CpuDriver kernel = new CpuDriver(0);
        final Recorder sleeper = new Recorder("sleeper", log, 100);
        sleeper.runnable = false;
        sleeper.deadline = 50;
        kernel.spawn("sleeper", sleeper);
        kernel.doWork(10);
        kernel.doWork(49);
        assertEquals(List.of(), log, "not before its deadline");
        kernel.doWork(50);
        kernel.doWork(70);
        assertEquals(List.of("sleeper@50", "sleeper@70"), log, "at and after its deadline, until it moves its timer");
        sleeper.deadline = Long.MAX_VALUE;
        kernel.doWork(80);
        assertEquals(2, sleeper.runs);
        assertEquals(3, kernel.dispatchers().getFirst().skippedWhileBlocked());
    }

    @Test
    void roundRobinOrderIsUnchangedWhileADispatcherIsBlocked()
    {
        final List<String> log = new ArrayList<>();
        final CpuDriver kernel = new CpuDriver(0);
        final Recorder b = new Recorder("b", log, 100);
        kernel.spawn("a", new Recorder("a", log, 100));
        kernel.spawn("b", b);
        kernel.spawn("c", new Recorder("c", log, 100));
        b.runnable = false;
        assertEquals(2, kernel.doWork(1));
        b.runnable = true;
        assertEquals(3, kernel.doWork(2));
        assertEquals(List.of("a@1", "c@1", "a@2", "b@2", "c@2"), log);
    }

    @Test
    void aBlockedDispatcherThatExitedIsStillRemoved()
    {
        final List<String> log = new ArrayList<>();
        final CpuDriver kernel = new CpuDriver(0);
        final Recorder gone = new Recorder("gone", log, 0);
        gone.runnable = false;
        kernel.spawn("gone", gone);
        kernel.spawn("stays", new Recorder("stays", log, 100));
        kernel.doWork(1);
        assertEquals(List.of("stays@1"), log);
        assertEquals(List.of("stays"), kernel.dispatchers().stream().map(DispatcherControlBlock::name).toList());
    }

    @Test
    void dispatchesLongerThanTheTimeSliceAreCountedAsOverruns()
    {
        final SteppedClock clock = new SteppedClock();
        final CpuDriver kernel = new CpuDriver(0, PhysicalMemory.none(), clock, 100);
        final List<String> log = new ArrayList<>();
        final Recorder slow = new Recorder("slow", log, 100);
        final Recorder quick = new Recorder("quick", log, 100);
        final long[] cost = {150, 100};
        slow.onRun = () -> clock.now += cost[0];
        quick.onRun = () -> clock.now += cost[1];
        kernel.spawn("slow", slow);
        kernel.spawn("quick", quick);
        kernel.doWork(0);
        cost[0] = 250;
        cost[1] = 101;
        kernel.doWork(1);
        assertEquals(List.of("slow@0", "quick@0", "slow@1", "quick@1"), log, "an overrun changes no order");
        final DispatcherControlBlock slowDcb = kernel.dispatchers().get(0);
        final DispatcherControlBlock quickDcb = kernel.dispatchers().get(1);
        assertEquals(2, slowDcb.overruns());
        assertEquals(250, slowDcb.longestDispatchNs());
        assertEquals(1, quickDcb.overruns(), "exactly the slice is no overrun; one nanosecond more is");
        assertEquals(101, quickDcb.longestDispatchNs());
        assertEquals(3, kernel.overruns());
        assertEquals(4, kernel.dispatches());
        assertEquals(250, kernel.longestDispatchNs(), "the longest of any dispatcher");
        assertTrue(kernel.timesDispatches());
        assertEquals(100, kernel.timeSliceNs());
    }

    @Test
    void theCoresTotalsKeepWhatDispatchersThatExitedCost()
    {
        final SteppedClock clock = new SteppedClock();
        final CpuDriver kernel = new CpuDriver(0, PhysicalMemory.none(), clock, 100);
        final List<String> log = new ArrayList<>();
        final Recorder once = new Recorder("once", log, 1);
        once.onRun = () -> clock.now += 500;
        final Recorder stays = new Recorder("stays", log, 100);
        stays.onRun = () -> clock.now += 10;
        kernel.spawn("once", once);
        kernel.spawn("stays", stays);
        kernel.doWork(0);
        kernel.doWork(1);
        assertEquals(List.of("stays"), kernel.dispatchers().stream().map(DispatcherControlBlock::name).toList());
        assertEquals(3, kernel.dispatches());
        assertEquals(1, kernel.overruns());
        assertEquals(500, kernel.longestDispatchNs(), "the exited dispatcher's dispatch is still the longest");
        assertEquals(10, kernel.dispatchers().getFirst().longestDispatchNs());
    }

    @Test
    void withoutAClockNoDispatchIsTimed()
    {
        final CpuDriver kernel = new CpuDriver(0);
        kernel.spawn("a", new Recorder("a", new ArrayList<>(), 100));
        kernel.doWork(0);
        assertFalse(kernel.timesDispatches());
        assertEquals(0, kernel.overruns());
        assertEquals(0, kernel.dispatchers().getFirst().longestDispatchNs());
        assertEquals(0, kernel.longestDispatchNs());
        assertEquals(1, kernel.dispatches(), "dispatches are counted with or without a clock");
        final CpuDriver timed = new CpuDriver(0, PhysicalMemory.none(), new SteppedClock());
        assertEquals(CpuDriver.DEFAULT_TIME_SLICE_NS, timed.timeSliceNs());
    }

    @Test
    void aTimeSliceMustBePositiveAndNeedsAClock()
    {
        final IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
            () -> new CpuDriver(0, PhysicalMemory.none(), new SteppedClock(), 0));
        assertTrue(zero.getMessage().contains("timeSliceNs"), zero.getMessage());
        assertThrows(NullPointerException.class, () -> new CpuDriver(0, PhysicalMemory.none(), null, 10));
    }
}
