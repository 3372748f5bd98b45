package dev.flotilla.lib.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CondVarTest
{
    private final ThreadScheduler scheduler = new ThreadScheduler(new SteppedClock());
    private final Mutex mutex = new Mutex(scheduler);
    private final CondVar notEmpty = new CondVar(scheduler);
    private final CondVar notFull = new CondVar(scheduler);
    private final List<String> log = new ArrayList<>();

    @Test
    void producersAndConsumersShareABoundedBuffer()
    {
        final int capacity = 2;
        final int items = 50;
        final ArrayDeque<Integer> buffer = new ArrayDeque<>();
        final List<Integer> consumed = new ArrayList<>();
        for (int p = 0; p < 2; p++)
        {
            final int base = p * items;
            scheduler.create("producer" + p, () ->
            {
                for (int i = 0; i < items; i++)
                {
                    mutex.lock();
                    while (buffer.size() == capacity)
                    {
                        notFull.await(mutex);
                    }
                    buffer.add(base + i);
                    assertTrue(buffer.size() <= capacity);
                    notEmpty.signal();
                    mutex.unlock();
                }
            });
        }
        for (int c = 0; c < 3; c++)
        {
            scheduler.create("consumer" + c, () ->
            {
                while (true)
                {
                    mutex.lock();
                    while (buffer.isEmpty())
                    {
                        notEmpty.await(mutex);
                    }
                    final int item = buffer.poll();
                    notFull.signal();
                    mutex.unlock();
                    if (item < 0)
                    {
                        return;
                    }
                    consumed.add(item);
                    scheduler.yield();
                }
            });
        }
        scheduler.runReady(0, 100_000);
        assertEquals(2 * items, consumed.size());
        assertEquals(3, scheduler.alive(), "the consumers wait for more");
        // a handler outside every thread ends them: three poison pills, one broadcast
        buffer.add(-1);
        buffer.add(-1);
        buffer.add(-1);
        notEmpty.broadcast();
        scheduler.runReady(0, 100_000);
        assertEquals(0, scheduler.alive());
        assertEquals(2 * items, consumed.stream().distinct().count());
        for (int p = 0; p < 2; p++)
        {
            final int base = p * items;
            final List<Integer> fromP = consumed.stream().filter(i -> i >= base && i < base + items).toList();
            assertEquals(fromP.stream().sorted().toList(), fromP, "each producer's items keep their order");
        }
        assertTrue(scheduler.failure().isEmpty(), () -> scheduler.failure().orElseThrow().toString());
    }

    @Test
    void aSignalWakesOneWaiterABroadcastWakesAll()
    {
        final boolean[] go = new boolean[1];
        for (final String name : List.of("a", "b", "c"))
        {
            scheduler.create(name, () ->
            {
                mutex.lock();
                while (!go[0])
                {
                    notEmpty.await(mutex);
                }
                log.add(name);
                mutex.unlock();
            });
        }
        scheduler.runReady(0, 100);
        assertEquals(3, notEmpty.waiting());
        go[0] = true;
        notEmpty.signal();
        scheduler.runReady(0, 100);
        assertEquals(List.of("a"), log);
        notEmpty.broadcast();
        scheduler.runReady(0, 100);
        assertEquals(List.of("a", "b", "c"), log);
    }

    @Test
    void awaitNeedsTheMutexHeld()
    {
        scheduler.create("careless", () ->
        {
            final IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class,
                () -> notEmpty.await(mutex));
            assertTrue(e.getMessage().contains("must hold the mutex"), e.getMessage());
            log.add("refused");
        });
        scheduler.runReady(0, 10);
        assertEquals(List.of("refused"), log);
        assertThrows(IllegalStateException.class, () -> notEmpty.await(mutex));
    }
}
