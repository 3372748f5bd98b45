package dev.flotilla.lib.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MutexTest
{
    private final ThreadScheduler scheduler = new ThreadScheduler(new SteppedClock());
    private final Mutex mutex = new Mutex(scheduler);
    private final List<String> log = new ArrayList<>();

    @Test
    void onlyOneThreadIsInsideAtATimeThoughEachYieldsInside()
    {
        final int[] inside = new int[1];
        for (final String name : List.of("a", "b", "c"))
        {
            scheduler.create(name, () ->
            {
                for (int i = 0; i < 2; i++)
                {
                    mutex.lock();
                    inside[0]++;
                    assertEquals(1, inside[0], "mutual exclusion");
                    log.add(name + " in");
                    scheduler.yield();
                    log.add(name + " out");
                    inside[0]--;
                    mutex.unlock();
                }
            });
        }
        scheduler.runReady(0, 1_000);
        assertTrue(scheduler.failure().isEmpty(), () -> scheduler.failure().orElseThrow().toString());
        assertEquals(12, log.size());
        for (int i = 0; i < log.size(); i += 2)
        {
            assertEquals(log.get(i).replace(" in", " out"), log.get(i + 1), "every entry is followed by its own exit");
        }
        assertFalse(mutex.isLocked());
    }

    @Test
    void waitersGetTheMutexInTheOrderTheyAskedAndTheOwnerCannotOvertake()
    {
        scheduler.create("owner", () ->
        {
            mutex.lock();
            scheduler.yield(); // b, c, d queue up meanwhile
            mutex.unlock();
            mutex.lock(); // hand-off: b already owns it, so the owner queues behind c and d
            log.add("owner again");
            mutex.unlock();
        });
        for (final String name : List.of("b", "c", "d"))
        {
            scheduler.create(name, () ->
            {
                mutex.lock();
                log.add(name);
                scheduler.yield();
                mutex.unlock();
            });
        }
        scheduler.runReady(0, 4);
        assertEquals(3, mutex.waiting());
        scheduler.runReady(0, 1_000);
        assertEquals(List.of("b", "c", "d", "owner again"), log);
        assertNull(mutex.owner());
    }

    @Test
    void tryLockTakesAFreeMutexOnly()
    {
        scheduler.create("a", () ->
        {
            assertTrue(mutex.tryLock());
            assertSame(scheduler.current(), mutex.owner());
            scheduler.yield();
            mutex.unlock();
        });
        scheduler.create("b", () ->
        {
            assertFalse(mutex.tryLock(), "a holds it");
            scheduler.yield();
            assertTrue(mutex.tryLock(), "a let it go");
            mutex.unlock();
            log.add("b done");
        });
        scheduler.runReady(0, 100);
        assertEquals(List.of("b done"), log);
        assertTrue(scheduler.failure().isEmpty(), () -> scheduler.failure().orElseThrow().toString());
    }

    @Test
    void misuseIsRefusedWithAClearError()
    {
        scheduler.create("owner", () ->
        {
            mutex.lock();
            final IllegalMonitorStateException twice = assertThrows(IllegalMonitorStateException.class, mutex::lock);
            assertTrue(twice.getMessage().contains("not reentrant"), twice.getMessage());
            scheduler.yield();
            mutex.unlock();
            final IllegalMonitorStateException free = assertThrows(IllegalMonitorStateException.class, mutex::unlock);
            assertTrue(free.getMessage().contains("not locked"), free.getMessage());
        });
        scheduler.create("intruder", () ->
        {
            final IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class, mutex::unlock);
            assertTrue(e.getMessage().contains("'intruder'") && e.getMessage().contains("owned by thread 'owner'"),
                e.getMessage());
            log.add("refused");
        });
        scheduler.runReady(0, 100);
        assertEquals(List.of("refused"), log);
        assertTrue(scheduler.failure().isEmpty(), () -> scheduler.failure().orElseThrow().toString());
        final IllegalStateException outside = assertThrows(IllegalStateException.class, mutex::lock);
        assertTrue(outside.getMessage().contains("Mutex.lock must be called from inside a user-level thread"),
            outside.getMessage());
        assertThrows(IllegalStateException.class, mutex::unlock);
    }
}
