package dev.flotilla.lib.thread;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import jdk.internal.vm.Continuation;
import org.junit.jupiter.api.Test;

/** A thread the JVM cannot unmount gets a clear error at its yield, and stays usable; it never hangs the core. */
class PinningTest
{
    private final SteppedClock clock = new SteppedClock();
    private final ThreadScheduler scheduler = new ThreadScheduler(clock);
    private final List<String> log = new ArrayList<>();
    private ThreadException pinned;

    @Test
    void aYieldUnderANativeFrameFailsAndTheThreadGoesOn() throws Throwable
    {
        final Linker linker = Linker.nativeLinker();
        final MethodHandle qsort = linker.downcallHandle(linker.defaultLookup().find("qsort").orElseThrow(),
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS));
        final MethodHandle compare = MethodHandles.lookup().findVirtual(PinningTest.class, "compareAndTryToYield",
            MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class)).bindTo(this);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment comparator = linker.upcallStub(compare,
                FunctionDescriptor.of(JAVA_INT, ADDRESS.withTargetLayout(JAVA_INT), ADDRESS.withTargetLayout(JAVA_INT)), arena);
            final MemorySegment ints = arena.allocateFrom(JAVA_INT, 3, 1, 2);
            final UThread sorter = scheduler.create("sorter", () ->
            {
                try
                {
                    qsort.invokeExact(ints, 3L, 4L, comparator); // libc calls back into Java: a native frame
                }
                catch (final Throwable e)
                {
                    throw new AssertionError(e);
                }
                log.add("sorted");
                scheduler.yield(); // back in plain Java frames, yielding works again
                log.add("yielded after");
            });
            scheduler.runReady(0, 10);
            assertEquals(List.of("sorted", "yielded after"), log);
            assertEquals(UThread.State.DONE, sorter.state());
            assertEquals(List.of(1, 2, 3), List.of(ints.getAtIndex(JAVA_INT, 0), ints.getAtIndex(JAVA_INT, 1),
                ints.getAtIndex(JAVA_INT, 2)));
        }
        assertNotNull(pinned, "the yield inside the upcall was refused");
        assertEquals(ErrorCode.THREAD_PINNED, pinned.code());
        assertTrue(pinned.getMessage().contains("'sorter'") && pinned.getMessage().contains("native frame"),
            pinned.getMessage());
        assertEquals("sorter", pinned.thread().name());
    }

    /** The comparator libc calls. An upcall must not throw (the JVM would exit), so it catches the refusal. */
    @SuppressWarnings("unused")
    private int compareAndTryToYield(final MemorySegment a, final MemorySegment b)
    {
        try
        {
            scheduler.yield();
        }
        catch (final ThreadException e)
        {
            pinned = e;
        }
        return Integer.compare(a.get(JAVA_INT, 0), b.get(JAVA_INT, 0));
    }

    @Test
    void aYieldInsideACriticalSectionFails()
    {
        final UThread t = scheduler.create("critical", () ->
        {
            Continuation.pin();
            try
            {
                pinned = assertThrows(ThreadException.class, scheduler::yield);
                assertSame(UThread.State.RUNNING, scheduler.current().state(), "the refused yield left it running");
            }
            finally
            {
                Continuation.unpin();
            }
            scheduler.sleep(5);
            log.add("slept");
        });
        scheduler.runReady(0, 10);
        assertEquals(UThread.State.SLEEPING, t.state());
        scheduler.runReady(clock.at(5), 10);
        assertEquals(List.of("slept"), log);
        assertTrue(pinned.getMessage().contains("critical section"), pinned.getMessage());
    }

    @Test
    void aPinnedAwaitKeepsItsMutex()
    {
        final Mutex mutex = new Mutex(scheduler);
        final CondVar cond = new CondVar(scheduler);
        final UThread t = scheduler.create("waiter", () ->
        {
            mutex.lock();
            Continuation.pin();
            try
            {
                pinned = assertThrows(ThreadException.class, () -> cond.await(mutex));
            }
            finally
            {
                Continuation.unpin();
            }
            assertSame(scheduler.current(), mutex.owner(), "the refused await did not give the mutex away");
            assertEquals(0, cond.waiting());
            mutex.unlock();
            log.add("unlocked");
        });
        scheduler.runReady(0, 10);
        assertEquals(List.of("unlocked"), log);
        assertEquals(UThread.State.DONE, t.state());
        assertEquals(ErrorCode.THREAD_PINNED, pinned.code());
    }

    @Test
    void aCheckingSchedulerRefusesToYieldAThreadHoldingAMonitor()
    {
        final ThreadScheduler checking = ThreadScheduler.checkingMonitors(clock);
        final Object lock = new Object();
        final Object outer = new Object();
        checking.create("holder", () ->
        {
            synchronized (lock)
            {
                pinned = assertThrows(ThreadException.class, checking::yield);
            }
            checking.yield(); // the monitor the caller of runReady holds is not the thread's
            log.add("yielded without it");
        });
        synchronized (outer)
        {
            checking.runReady(0, 10);
        }
        assertEquals(List.of("yielded without it"), log);
        assertEquals(ErrorCode.THREAD_PINNED, pinned.code());
        assertTrue(pinned.getMessage().contains("monitor of java.lang.Object") && pinned.getMessage().contains("Mutex"),
            pinned.getMessage());
    }

    /**
     * Documents the JVM rather than Flotilla: since JDK 24 a continuation can be unmounted holding a monitor.
     * If this starts failing, the JDK pins on monitors again and {@code MonitorCheck} is no longer needed.
     */
    @Test
    void theJdkLetsAContinuationYieldHoldingAMonitor()
    {
        final Object lock = new Object();
        scheduler.create("holder", () ->
        {
            synchronized (lock)
            {
                scheduler.yield();
                log.add("resumed holding " + Thread.holdsLock(lock));
            }
        });
        scheduler.runReady(0, 1);
        assertTrue(!Thread.holdsLock(lock), "the monitor went with the unmounted thread");
        scheduler.runReady(0, 1);
        assertEquals(List.of("resumed holding true"), log);
    }
}
