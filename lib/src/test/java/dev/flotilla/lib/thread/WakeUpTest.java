package dev.flotilla.lib.thread;

import dev.flotilla.idl.Reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Waking blocked threads from code outside every thread — the dispatcher's message handlers — in both
 * orders: the handler after the thread blocked, and the handler before it (wake-before-block).
 */
class WakeUpTest
{
    private final SteppedClock clock = new SteppedClock();
    private final ThreadScheduler scheduler = new ThreadScheduler(clock);
    private final List<String> log = new ArrayList<>();

    @Test
    void aHandlerOutsideEveryThreadUnparksABlockedThread()
    {
        final UThread waiter = scheduler.create("waiter", () ->
        {
            log.add("parks");
            scheduler.park();
            log.add("unparked");
        });
        scheduler.runReady(0, 10);
        assertEquals(UThread.State.PARKED, waiter.state());
        assertEquals(0, scheduler.runReady(0, 10), "a parked thread does not run");
        scheduler.unpark(waiter); // the "handler": plain code between two runReady calls
        assertEquals(UThread.State.RUNNABLE, waiter.state());
        scheduler.runReady(0, 10);
        assertEquals(List.of("parks", "unparked"), log);
        scheduler.unpark(waiter); // a thread that has ended is left alone
        assertEquals(UThread.State.DONE, waiter.state());
    }

    @Test
    void anUnparkBeforeTheParkIsNotLost()
    {
        final UThread waiter = scheduler.create("waiter", () ->
        {
            log.add("sends request");
            scheduler.yield(); // the reply handler runs here, before the thread parks
            scheduler.park();
            log.add("parked and went on");
        });
        scheduler.runReady(0, 1);
        scheduler.unpark(waiter);
        assertEquals(UThread.State.RUNNABLE, waiter.state(), "unpark of a thread that is not parked only leaves a permit");
        scheduler.runReady(0, 10);
        assertEquals(List.of("sends request", "parked and went on"), log);
        assertEquals(2, scheduler.switches(), "the park took the permit and did not switch");
    }

    @Test
    void aCompletionBeforeTheAwaitReturnsAtOnce()
    {
        final Reply<String> reply = new Reply<>();
        scheduler.create("client", () ->
        {
            log.add("request sent");
            scheduler.yield();
            log.add("got " + result(scheduler, reply));
        });
        scheduler.runReady(0, 1);
        reply.complete("pong", null);
        scheduler.runReady(0, 10);
        assertEquals(List.of("request sent", "got pong"), log);
        assertEquals(2, scheduler.switches());
    }

    @Test
    void aCompletionAfterTheAwaitWakesTheThread()
    {
        final Reply<String> reply = new Reply<>();
        final UThread client = scheduler.create("client", () -> log.add("got " + result(scheduler, reply)));
        scheduler.runReady(0, 10);
        assertEquals(UThread.State.PARKED, client.state());
        assertFalse(reply.isDone());
        reply.complete("pong", null);
        assertTrue(reply.isDone());
        scheduler.runReady(0, 10);
        assertEquals(List.of("got pong"), log);
        assertThrows(IllegalStateException.class, () -> reply.complete("again", null));
    }

    @Test
    void aFailedCompletionThrowsItsCodeInTheThread()
    {
        final Reply<String> reply = new Reply<>();
        scheduler.create("client", () ->
        {
            final FlotillaException e = assertThrows(FlotillaException.class, () -> result(scheduler, reply));
            log.add(e.code().name());
        });
        scheduler.runReady(0, 10);
        reply.complete(null, ErrorCode.SERVICE_NOT_FOUND);
        scheduler.runReady(0, 10);
        assertEquals(List.of("SERVICE_NOT_FOUND"), log);
        assertThrows(IllegalStateException.class, () -> scheduler.await(new Reply<String>()),
            "await outside a thread is refused");
    }

    @Test
    void aStrayPermitDoesNotEndAnAwaitEarly()
    {
        final Reply<String> reply = new Reply<>();
        final UThread client = scheduler.create("client", () -> log.add("got " + result(scheduler, reply)));
        scheduler.unpark(client); // a permit from some earlier, unrelated wake-up
        scheduler.runReady(0, 10);
        assertEquals(UThread.State.PARKED, client.state(), "the permit was used up, the await parked again");
        reply.complete("late", null);
        scheduler.runReady(0, 10);
        assertEquals(List.of("got late"), log);
    }

    @Test
    void aWaitQueueWakesInTheOrderThreadsBlocked()
    {
        final WaitQueue queue = new WaitQueue(scheduler);
        final boolean[] ready = new boolean[1];
        for (final String name : List.of("a", "b", "c"))
        {
            scheduler.create(name, () ->
            {
                while (!ready[0])
                {
                    scheduler.block(queue);
                }
                log.add(name);
            });
        }
        scheduler.runReady(0, 10);
        assertEquals(3, queue.size());
        assertTrue(queue.wakeOne(), "a is woken, but not ready: it blocks again, now last");
        scheduler.runReady(0, 10);
        assertEquals(3, queue.size());
        assertTrue(log.isEmpty());
        ready[0] = true;
        assertTrue(queue.wakeOne());
        scheduler.runReady(0, 10);
        assertEquals(List.of("b"), log);
        assertEquals(2, queue.wakeAll());
        assertTrue(queue.isEmpty());
        scheduler.runReady(0, 10);
        assertEquals(List.of("b", "c", "a"), log);
        assertFalse(queue.wakeOne(), "nobody waits");
    }

    @Test
    void aConditionSetBeforeTheBlockIsSeenWithoutBlocking()
    {
        final WaitQueue queue = new WaitQueue(scheduler);
        final boolean[] ready = new boolean[1];
        scheduler.create("waiter", () ->
        {
            scheduler.yield(); // the handler sets the condition and wakes nobody
            while (!ready[0])
            {
                scheduler.block(queue);
            }
            log.add("saw it");
        });
        scheduler.runReady(0, 1);
        ready[0] = true;
        assertFalse(queue.wakeOne());
        scheduler.runReady(0, 10);
        assertEquals(List.of("saw it"), log);
    }

    /** Waits in the calling thread for {@code reply}, as a blocking stub does, and gives its result. */
    private static <T> T result(final ThreadScheduler scheduler, final Reply<T> reply)
    {
        scheduler.await(reply);
        return reply.get();
    }
}
