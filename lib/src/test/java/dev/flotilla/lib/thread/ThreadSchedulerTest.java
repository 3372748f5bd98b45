package dev.flotilla.lib.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadSchedulerTest
{
    private final SteppedClock clock = new SteppedClock();
    private final ThreadScheduler scheduler = new ThreadScheduler(clock);
    private final List<String> log = new ArrayList<>();

    @Test
    void aThreadRunsWhenTheDispatcherRunsReadyThreadsAndCanBeJoined()
    {
        final UThread worker = scheduler.create("worker", () -> log.add("work"));
        scheduler.create("main", () ->
        {
            scheduler.join(worker);
            log.add("joined " + worker.state());
        });
        assertEquals(UThread.State.RUNNABLE, worker.state());
        assertTrue(log.isEmpty(), "creating runs nothing");
        assertTrue(scheduler.hasRunnable());
        assertEquals(2, scheduler.runReady(0, 100));
        assertEquals(List.of("work", "joined DONE"), log);
        assertEquals(2, scheduler.created());
        assertEquals(0, scheduler.alive());
        assertEquals(2, scheduler.switches());
        assertFalse(scheduler.hasRunnable());
        assertTrue(scheduler.failure().isEmpty());
    }

    @Test
    void joinWaitsForAThreadThatIsStillRunning()
    {
        final UThread slow = scheduler.create("slow", () ->
        {
            log.add("slow 1");
            scheduler.yield();
            log.add("slow 2");
        });
        final UThread joiner = scheduler.create("joiner", () ->
        {
            scheduler.join(slow);
            log.add("joined");
        });
        scheduler.runReady(0, 2);
        assertEquals(UThread.State.BLOCKED, joiner.state());
        scheduler.runReady(0, 100);
        assertEquals(List.of("slow 1", "slow 2", "joined"), log);
        assertEquals(4, scheduler.switches(), "slow twice, the joiner twice: it blocked, then was woken");
    }

    @Test
    void yieldingThreadsInterleaveRoundRobin()
    {
        for (final String name : List.of("a", "b", "c"))
        {
            scheduler.create(name, () ->
            {
                for (int i = 0; i < 3; i++)
                {
                    log.add(name + i);
                    scheduler.yield();
                }
            });
        }
        scheduler.runReady(0, 1000);
        assertEquals(List.of("a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2"), log);
    }

    @Test
    void theBudgetBoundsTheSwitchesOfOneCall()
    {
        scheduler.create("spinner", () ->
        {
            while (true)
            {
                log.add("spin");
                scheduler.yield();
            }
        });
        assertEquals(5, scheduler.runReady(0, 5));
        assertEquals(5, log.size());
        assertTrue(scheduler.hasRunnable(), "a thread that always yields stays runnable: the JVM cannot preempt it");
        assertEquals(0, scheduler.runReady(0, 0));
        assertEquals(1, scheduler.alive());
    }

    @Test
    void aThreadCreatedByAThreadRunsAfterTheThreadsAlreadyQueued()
    {
        scheduler.create("parent", () ->
        {
            scheduler.create("child", () -> log.add("child"));
            log.add("parent");
            scheduler.yield();
            log.add("parent again");
        });
        scheduler.create("sibling", () -> log.add("sibling"));
        scheduler.runReady(0, 100);
        assertEquals(List.of("parent", "sibling", "child", "parent again"), log);
    }

    @Test
    void aSleeperWakesOnlyOnceTheClockPassesItsDeadline()
    {
        final UThread sleeper = scheduler.create("sleeper", () ->
        {
            log.add("sleeps at " + clock.nanoTime());
            scheduler.sleep(1_000);
            log.add("woke at " + clock.nanoTime());
        });
        scheduler.runReady(clock.at(500), 10);
        assertEquals(UThread.State.SLEEPING, sleeper.state());
        assertEquals(1_500, scheduler.nextWakeupNs());
        assertFalse(scheduler.hasRunnable());
        assertFalse(scheduler.hasWork(1_499));
        assertTrue(scheduler.hasWork(1_500));
        assertEquals(0, scheduler.runReady(clock.at(1_000), 10));
        assertEquals(0, scheduler.runReady(clock.at(1_499), 10));
        assertEquals(List.of("sleeps at 500"), log);
        assertEquals(1, scheduler.runReady(clock.at(1_500), 10));
        assertEquals(List.of("sleeps at 500", "woke at 1500"), log);
        assertEquals(Long.MAX_VALUE, scheduler.nextWakeupNs());
    }

    @Test
    void sleepersWakeInDeadlineOrderThenCreationOrder()
    {
        final long[] naps = {300, 100, 300, 200};
        for (int i = 0; i < naps.length; i++)
        {
            final String name = "t" + i;
            final long nap = naps[i];
            scheduler.create(name, () ->
            {
                scheduler.sleep(nap);
                log.add(name);
            });
        }
        scheduler.runReady(clock.at(0), 10);
        assertEquals(100, scheduler.nextWakeupNs());
        scheduler.runReady(clock.at(1_000), 10);
        assertEquals(List.of("t1", "t3", "t0", "t2"), log);
    }

    @Test
    void sleepZeroYieldsToTheDispatcherAndALongSleepSaturates()
    {
        scheduler.create("napper", () ->
        {
            scheduler.sleep(0);
            log.add("after nap");
            scheduler.sleep(Long.MAX_VALUE);
            log.add("never");
        });
        assertEquals(1, scheduler.runReady(clock.at(7), 10), "sleep(0) waits for the next runReady");
        assertEquals(7, scheduler.nextWakeupNs());
        scheduler.runReady(clock.at(7), 10);
        assertEquals(List.of("after nap"), log);
        assertEquals(Long.MAX_VALUE, scheduler.nextWakeupNs(), "now + MAX_VALUE saturates instead of wrapping");
        scheduler.create("bad", () -> scheduler.sleep(-1));
        scheduler.runReady(clock.at(8), 10);
        assertTrue(scheduler.failure().orElseThrow().error() instanceof IllegalArgumentException);
    }

    @Test
    void anUncaughtExceptionEndsOnlyItsThreadAndIsRecorded()
    {
        final RuntimeException boom = new RuntimeException("boom");
        final UThread bad = scheduler.create("bad", () ->
        {
            log.add("bad runs");
            throw boom;
        });
        scheduler.create("good", () -> log.add("good runs"));
        assertEquals(2, scheduler.runReady(0, 10), "the failure does not escape runReady");
        assertEquals(List.of("bad runs", "good runs"), log);
        assertEquals(UThread.State.FAILED, bad.state());
        assertSame(boom, bad.failure().orElseThrow());
        final ThreadFailure failure = scheduler.failure().orElseThrow();
        assertSame(bad, failure.thread());
        assertSame(boom, failure.error());
        assertEquals(1, scheduler.failures());
        assertEquals(0, scheduler.alive());
        scheduler.create("later", () -> log.add("later runs"));
        scheduler.runReady(0, 10);
        assertEquals("later runs", log.getLast(), "the scheduler goes on after a failure");
    }

    @Test
    void joiningAThreadThatThrewRethrowsItAsTheCause()
    {
        final IllegalStateException boom = new IllegalStateException("boom");
        final UThread bad = scheduler.create("bad", () ->
        {
            scheduler.yield();
            throw boom;
        });
        final ThreadException[] seen = new ThreadException[1];
        scheduler.create("joiner", () -> seen[0] = assertThrows(ThreadException.class, () -> scheduler.join(bad)));
        scheduler.create("late joiner", () ->
        {
            scheduler.yield();
            scheduler.yield();
            assertThrows(ThreadException.class, () -> scheduler.join(bad), "joining after the end reports it too");
            log.add("late joiner saw it");
        });
        scheduler.runReady(0, 100);
        assertEquals(ErrorCode.THREAD_FAILED, seen[0].code());
        assertSame(boom, seen[0].getCause());
        assertSame(bad, seen[0].thread());
        assertTrue(seen[0].getMessage().contains("'bad'"), seen[0].getMessage());
        assertEquals(List.of("late joiner saw it"), log);
        assertEquals(1, scheduler.failures(), "only the thread that threw failed; the joiners caught it");
    }

    @Test
    void operationsOutsideAThreadAreRefusedClearly()
    {
        final IllegalStateException yield = assertThrows(IllegalStateException.class, scheduler::yield);
        assertTrue(yield.getMessage().contains("yield must be called from inside a user-level thread"), yield.getMessage());
        assertThrows(IllegalStateException.class, () -> scheduler.sleep(1));
        assertThrows(IllegalStateException.class, scheduler::park);
        assertThrows(IllegalStateException.class, () -> scheduler.block(new WaitQueue(scheduler)));
        final UThread t = scheduler.create("t", () -> { });
        assertThrows(IllegalStateException.class, () -> scheduler.join(t));
        assertNull(scheduler.current());
    }

    @Test
    void operationsFromAThreadOfAnotherSchedulerAreRefused()
    {
        final ThreadScheduler other = new ThreadScheduler(clock);
        final WaitQueue mine = new WaitQueue(scheduler);
        other.create("stranger", () ->
        {
            final IllegalStateException e = assertThrows(IllegalStateException.class, scheduler::yield);
            assertTrue(e.getMessage().contains("'stranger'") && e.getMessage().contains("another scheduler"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> other.block(mine), "a queue of another scheduler");
            assertNull(scheduler.current());
            log.add("refused");
        });
        other.runReady(0, 10);
        assertEquals(List.of("refused"), log);
        assertTrue(other.failure().isEmpty(), () -> other.failure().orElseThrow().toString());
    }

    @Test
    void schedulersDoNotNestAndAThreadCannotJoinItself()
    {
        final UThread[] self = new UThread[1];
        self[0] = scheduler.create("inner", () ->
        {
            assertSame(self[0], scheduler.current());
            assertEquals(UThread.State.RUNNING, self[0].state());
            final IllegalStateException nested = assertThrows(IllegalStateException.class, () -> scheduler.runReady(0, 1));
            assertTrue(nested.getMessage().contains("inside"), nested.getMessage());
            assertThrows(IllegalStateException.class, () -> new ThreadScheduler(clock).runReady(0, 1));
            assertThrows(IllegalArgumentException.class, () -> scheduler.join(self[0]));
            log.add("checked");
        });
        scheduler.runReady(0, 10);
        assertEquals(List.of("checked"), log);
        assertTrue(scheduler.failure().isEmpty(), () -> scheduler.failure().orElseThrow().toString());
        assertThrows(IllegalArgumentException.class, () -> scheduler.runReady(0, -1));
    }

    @Test
    void tenThousandThreadsRunToCompletion()
    {
        final int threads = 10_000;
        final Mutex mutex = new Mutex(scheduler);
        final long[] counter = new long[1];
        final List<UThread> all = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++)
        {
            all.add(scheduler.create("t" + i, () ->
            {
                scheduler.yield();
                mutex.lock();
                scheduler.yield();
                counter[0]++;
                mutex.unlock();
                scheduler.sleep(10);
            }));
        }
        scheduler.create("joiner", () ->
        {
            for (final UThread t : all)
            {
                scheduler.join(t);
            }
            log.add("all joined");
        });
        int rounds = 0;
        long now = 0;
        while (scheduler.alive() > 0 && rounds++ < 1_000)
        {
            scheduler.runReady(clock.at(now), 1_000);
            now += 5;
        }
        assertEquals(threads, counter[0]);
        assertEquals(List.of("all joined"), log);
        assertEquals(0, scheduler.alive());
        assertEquals(threads + 1, scheduler.created());
        assertTrue(scheduler.failure().isEmpty(), () -> scheduler.failure().orElseThrow().toString());
        assertTrue(all.stream().allMatch(t -> t.state() == UThread.State.DONE));
    }
}
