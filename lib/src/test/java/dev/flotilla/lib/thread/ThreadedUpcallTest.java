package dev.flotilla.lib.thread;

import dev.flotilla.idl.Reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.kernel.DispatcherControlBlock;
import dev.flotilla.kernel.Upcall;
import dev.flotilla.platform.memory.PhysicalMemory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scheduler inside a dispatcher as the CPU driver sees it: the upcall runs the ready threads, says it is
 * blocked when no thread can run and no message waits, and names the earliest sleeper as its timer. The
 * "messages" are a queue the test fills, handled outside every thread, as a dispatcher's channel handlers are.
 */
class ThreadedUpcallTest
{
    /** A minimal threaded dispatcher: an inbox of replies, each completing the request a thread awaits. */
    private static final class ThreadedUpcall implements Upcall
    {
        final ThreadScheduler scheduler;
        final ArrayDeque<String> inbox = new ArrayDeque<>();
        Reply<String> pending;

        ThreadedUpcall(final ThreadScheduler scheduler)
        {
            this.scheduler = scheduler;
        }

        @Override
        public int run(final long nowNs)
        {
            int work = 0;
            while (!inbox.isEmpty())
            {
                final Reply<String> request = pending;
                pending = null;
                request.complete(inbox.poll(), null); // a message handler, outside every thread
                work++;
            }
            return work + scheduler.runReady(nowNs, 64);
        }

        @Override
        public boolean runnable(final long nowNs)
        {
            return !inbox.isEmpty() || scheduler.hasRunnable();
        }

        @Override
        public long wakeupDeadlineNs()
        {
            return scheduler.nextWakeupNs();
        }

        @Override
        public boolean hasExited()
        {
            return scheduler.created() > 0 && scheduler.alive() == 0;
        }
    }

    @Test
    void aDispatcherWithBlockedThreadsIsSkippedUntilAReplyOrATimerWakesIt()
    {
        final SteppedClock clock = new SteppedClock();
        final CpuDriver kernel = new CpuDriver(0, PhysicalMemory.none(), clock, 1_000);
        final ThreadScheduler scheduler = new ThreadScheduler(clock);
        final ThreadedUpcall upcall = new ThreadedUpcall(scheduler);
        final List<String> log = new ArrayList<>();
        scheduler.create("client", () ->
        {
            upcall.pending = new Reply<>();
            log.add("got " + result(scheduler, upcall.pending));
            scheduler.sleep(500);
            log.add("slept until " + clock.nanoTime());
        });
        kernel.spawn("threaded", upcall);
        final DispatcherControlBlock dcb = kernel.dispatchers().getFirst();

        assertEquals(1, kernel.doWork(clock.at(0)), "the client runs and parks on its request");
        assertEquals(0, kernel.doWork(clock.at(10)), "blocked: no runnable thread, no message");
        upcall.inbox.add("pong");
        kernel.doWork(clock.at(20));
        assertEquals(List.of("got pong"), log);
        assertEquals(520, upcall.wakeupDeadlineNs());
        assertEquals(0, kernel.doWork(clock.at(519)), "asleep until 520");
        assertEquals(1, kernel.doWork(clock.at(520)), "the CPU driver's own deadline check wakes it");
        assertEquals(List.of("got pong", "slept until 520"), log);
        assertEquals(3, dcb.dispatches());
        assertEquals(2, dcb.skippedWhileBlocked());
        assertTrue(kernel.dispatchers().isEmpty(), "its only thread ended, so it exited");
        assertEquals(0, kernel.overruns(), "the test clock does not move during a dispatch");
    }

    /** Waits in the calling thread for {@code reply}, as a blocking stub does, and gives its result. */
    private static <T> T result(final ThreadScheduler scheduler, final Reply<T> reply)
    {
        scheduler.await(reply);
        return reply.get();
    }
}
