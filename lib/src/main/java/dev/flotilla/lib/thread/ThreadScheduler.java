package dev.flotilla.lib.thread;

import dev.flotilla.idl.Blocker;
import dev.flotilla.idl.Reply;
import dev.flotilla.platform.NanoClock;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The user-level thread scheduler of one dispatcher (Barrelfish's {@code lib/barrelfish/threads.c}): a
 * round-robin run queue of {@link UThread}s, each a JDK continuation that runs on the core's own thread
 * until it yields, blocks, sleeps or ends.
 *
 * <p><b>Two kinds of caller.</b> The dispatcher, outside every thread, calls {@link #runReady} from its
 * upcall; so may message handlers the dispatcher runs, which wake threads ({@link #unpark},
 * {@link WaitQueue#wakeOne()}, {@link CondVar#signal()}, {@link Reply#complete} (through {@link #await})) or create
 * them. Code running inside one of this scheduler's threads may also block: {@link #yield()},
 * {@link #sleep}, {@link #join}, {@link #block}, {@link #park()}, and through them {@link Mutex} and
 * {@link CondVar}. Those check that the caller is such a thread and throw {@link IllegalStateException} if
 * it is not: outside a thread there is nothing to suspend, and a core must never block its own thread.
 *
 * <p><b>How a switch works.</b> A blocking operation records in the thread where it is going (its state
 * and, when blocked, its queue) and yields the continuation; {@code runReady} regains control and only then
 * puts the thread in that queue (and, for {@link CondVar#await}, releases its mutex). If the JVM refuses the yield (the thread is pinned: a native frame, a
 * critical section), the operation undoes the record and throws {@link ThreadException}
 * ({@code THREAD_PINNED}) in the thread, so nothing is half-queued. Nothing else runs on the core between a
 * thread's decision to block and its being queued, which is what makes the wake-up protocols here free of
 * races without any lock.
 *
 * <p><b>Failures.</b> An exception that escapes a thread's body ends that thread ({@link UThread.State#FAILED})
 * and nothing else: {@code runReady} goes on with the next thread. The scheduler keeps the first
 * {@link #failure()} and counts them all, so that the dispatcher can stop the domain; {@link #join} of the
 * failed thread throws {@code THREAD_FAILED} with the exception as its cause. Every uncaught exception is
 * recorded, joined or not: a program that means to survive one catches it inside the thread.
 *
 * <p>Core-confined and single-threaded: one scheduler per dispatcher, called only on its core. Time comes
 * from the {@link NanoClock} it is given (virtual on the simulator) and from {@code runReady}'s
 * {@code nowNs}; the scheduler never reads the host clock, never sleeps and never starts a thread.
 */
public final class ThreadScheduler implements Blocker
{
    /** Sleepers by deadline; ties by creation order, so that wake-ups are deterministic. */
    private static final Comparator<UThread> BY_DEADLINE =
        Comparator.comparingLong((UThread t) -> t.wakeAtNs).thenComparingLong(UThread::id);

    private final NanoClock clock;
    private final MonitorCheck monitors;
    private final ThreadQueue runQueue = new ThreadQueue();
    private final PriorityQueue<UThread> sleepers = new PriorityQueue<>(BY_DEADLINE);
    /** The thread {@code runReady} is running; null between threads and outside {@code runReady}. */
    private UThread running;
    private long created;
    private long terminated;
    private long switches;
    private long failures;
    private ThreadFailure firstFailure;

    /** A scheduler whose sleeps are measured on {@code clock}: the core's clock. */
    public ThreadScheduler(final NanoClock clock)
    {
        this(clock, null);
    }

    private ThreadScheduler(final NanoClock clock, final MonitorCheck monitors)
    {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.monitors = monitors;
    }

    /**
     * A scheduler that also checks, at every yield, that the thread holds no Java monitor, and fails the
     * yield with {@code THREAD_PINNED} if it does (see {@link MonitorCheck} for why that would hang the core).
     * The check costs tens of microseconds per yield: for tests and debugging.
     */
    public static ThreadScheduler checkingMonitors(final NanoClock clock)
    {
        return new ThreadScheduler(clock, new MonitorCheck());
    }

    /** A new thread that will run {@code body}, runnable at once, last in the run queue. */
    public UThread create(final String name, final Runnable body)
    {
        Objects.requireNonNull(body, "body");
        final UThread thread = new UThread(this, ++created, name);
        thread.strand = new Strand(thread, body);
        runQueue.add(thread);
        return thread;
    }

    /**
     * Runs runnable threads round robin, each until it yields, blocks, sleeps or ends, until none is runnable
     * or {@code budget} threads have run. First, sleepers whose deadline is at or before {@code nowNs} become
     * runnable, last in the queue.
     *
     * @param nowNs  the core's time now.
     * @param budget at most this many switches into a thread.
     * @return the switches made: 0 if no thread ran.
     * @throws IllegalStateException if called from inside a user-level thread (schedulers do not nest).
     */
    public int runReady(final long nowNs, final int budget)
    {
        if (budget < 0)
        {
            throw new IllegalArgumentException("budget: " + budget + " is negative");
        }
        if (Strand.running() != null)
        {
            throw new IllegalStateException("runReady was called from inside " + Strand.running()
                + "; only the dispatcher, outside every thread, runs threads");
        }
        if (monitors != null)
        {
            monitors.enter();
        }
        wakeSleepers(nowNs);
        int done = 0;
        UThread next;
        while (done < budget && (next = runQueue.poll()) != null)
        {
            done++;
            switches++;
            resume(next);
        }
        return done;
    }

    private void wakeSleepers(final long nowNs)
    {
        while (!sleepers.isEmpty() && sleepers.peek().wakeAtNs <= nowNs)
        {
            makeRunnable(sleepers.poll());
        }
    }

    /** Runs {@code thread} until it suspends or ends, then files it where it said it was going. */
    private void resume(final UThread thread)
    {
        thread.state = UThread.State.RUNNING;
        running = thread;
        final Strand strand = thread.strand;
        try
        {
            strand.run();
        }
        catch (final Throwable uncaught)
        {
            // the body's exception unwinds out of the continuation, which is then done
            thread.failure = uncaught;
        }
        finally
        {
            running = null;
        }
        if (strand.isDone() || thread.failure != null)
        {
            terminate(thread);
            return;
        }
        switch (thread.state)
        {
            case RUNNABLE -> runQueue.add(thread);
            case BLOCKED ->
            {
                thread.blockedOn.waiters.add(thread);
                final Mutex releasing = thread.releasing;
                if (releasing != null)
                {
                    thread.releasing = null;
                    releasing.release();
                }
            }
            case SLEEPING -> sleepers.add(thread);
            case PARKED ->
            {
                // waits for unpark, in no queue
            }
            default -> throw new IllegalStateException(thread + " suspended without saying where it was going");
        }
    }

    private void terminate(final UThread thread)
    {
        thread.strand = null;
        terminated++;
        if (thread.failure == null)
        {
            thread.state = UThread.State.DONE;
        }
        else
        {
            thread.state = UThread.State.FAILED;
            failures++;
            if (firstFailure == null)
            {
                firstFailure = new ThreadFailure(thread, thread.failure);
            }
        }
        if (thread.joiners != null)
        {
            thread.joiners.wakeAll();
            thread.joiners = null;
        }
    }

    // ---- operations for code inside one of this scheduler's threads ----

    /** Lets every other runnable thread run once before the caller goes on. */
    public void yield()
    {
        suspend(requireCurrent("yield"), UThread.State.RUNNABLE, null, null);
    }

    /**
     * Suspends the calling thread for at least {@code ns} nanoseconds of the scheduler's clock: it becomes
     * runnable in the first later {@link #runReady} whose {@code nowNs} is at or past the deadline (read from
     * the clock now, plus {@code ns}, saturating). {@code sleep(0)} therefore yields to the dispatcher.
     */
    public void sleep(final long ns)
    {
        final UThread self = requireCurrent("sleep");
        if (ns < 0)
        {
            throw new IllegalArgumentException("ns: " + ns + " is negative");
        }
        final long now = clock.nanoTime();
        final long deadline = now + ns;
        self.wakeAtNs = deadline < now ? Long.MAX_VALUE : deadline;
        suspend(self, UThread.State.SLEEPING, null, null);
    }

    /**
     * Waits until {@code thread} has ended.
     *
     * @throws ThreadException          with {@code THREAD_FAILED} and the exception as its cause, if the
     *                                  thread ended by an uncaught exception.
     * @throws IllegalArgumentException if {@code thread} is the caller or belongs to another scheduler.
     */
    public void join(final UThread thread)
    {
        final UThread self = requireCurrent("join");
        if (thread.scheduler != this)
        {
            throw new IllegalArgumentException(thread + " belongs to another scheduler");
        }
        if (thread == self)
        {
            throw new IllegalArgumentException(self + " cannot join itself");
        }
        while (!thread.isTerminated())
        {
            block(thread.joiners());
        }
        if (thread.failure != null)
        {
            throw ThreadException.failed(thread);
        }
    }

    /**
     * Blocks the calling thread in {@code queue} until {@link WaitQueue#wakeOne()} or
     * {@link WaitQueue#wakeAll()} wakes it. Call it in a loop over the condition waited for (see
     * {@link WaitQueue}).
     */
    public void block(final WaitQueue queue)
    {
        final UThread self = requireCurrent("block");
        if (queue.scheduler != this)
        {
            throw new IllegalArgumentException("the wait queue belongs to another scheduler");
        }
        suspend(self, UThread.State.BLOCKED, queue, null);
    }

    /**
     * Blocks the calling thread in {@code queue} and releases {@code mutex}, which it owns, once it is
     * suspended (Barrelfish's {@code thread_block_and_release_spinlock}): the release happens only if the
     * yield does, so a thread that cannot yield keeps its mutex and gets the error holding it.
     */
    void blockReleasing(final UThread self, final WaitQueue queue, final Mutex mutex)
    {
        suspend(self, UThread.State.BLOCKED, queue, mutex);
    }

    /**
     * Suspends the calling thread until {@link #unpark} names it — or returns at once, consuming it, if an
     * unpark came since the last park (a permit, as {@link java.util.concurrent.locks.LockSupport} has).
     * So a wake-up given before the thread parks is never lost. There are no spurious returns, but a stray
     * permit can make one park return early: wait in a loop over the real condition.
     */
    public void park()
    {
        park(requireCurrent("park"));
    }

    /** {@link #park()} for a caller already known to be {@code self}, this scheduler's running thread. */
    private void park(final UThread self)
    {
        if (self.permit)
        {
            self.permit = false;
            return;
        }
        suspend(self, UThread.State.PARKED, null, null);
    }

    /**
     * Blocks the calling thread until {@code reply} is done: how a generated stub's blocking RPC waits (this
     * scheduler is the {@link Blocker} of its dispatcher's ports). The reply handler, which the dispatcher
     * runs outside every thread, completes the reply, and its completion unparks the thread. A reply that
     * came before the wait returns at once; a stray permit cannot end the wait early.
     *
     * @throws IllegalStateException if the caller is not one of this scheduler's threads, or another waits.
     */
    @Override
    public void await(final Reply<?> reply)
    {
        final UThread self = requireCurrent("await a reply");
        if (reply.isDone())
        {
            return;
        }
        Runnable wake = self.unparker;
        if (wake == null)
        {
            wake = () -> unpark(self);
            self.unparker = wake; // a thread waits for one reply at a time, so one unparker serves all its calls
        }
        reply.whenDone(wake);
        while (!reply.isDone())
        {
            park(self);
        }
    }

    /**
     * Makes {@code thread} runnable if it is parked; otherwise gives it a permit, so that its next
     * {@link #park()} returns at once. Callable from any code on the core, inside a thread or not; a thread
     * that has ended is left alone.
     */
    public void unpark(final UThread thread)
    {
        if (thread.scheduler != this)
        {
            throw new IllegalArgumentException(thread + " belongs to another scheduler");
        }
        switch (thread.state)
        {
            case PARKED -> makeRunnable(thread);
            case DONE, FAILED ->
            {
                // nothing to wake
            }
            default -> thread.permit = true;
        }
    }

    /**
     * The calling thread, after it checked that it is one of this scheduler's threads.
     *
     * @throws IllegalStateException naming {@code operation}, if it is not.
     */
    UThread requireCurrent(final String operation)
    {
        final UThread self = current();
        if (self == null)
        {
            final UThread other = Strand.running();
            throw new IllegalStateException(operation + " must be called from inside a user-level thread of this scheduler, "
                + (other == null ? "not from outside every thread" : "not from " + other + " of another scheduler"));
        }
        return self;
    }

    /**
     * Records where {@code self} goes (and the mutex to release once it is gone), yields it, and undoes the
     * record if the JVM refuses the yield.
     */
    private void suspend(final UThread self, final UThread.State going, final WaitQueue queue, final Mutex releasing)
    {
        if (monitors != null)
        {
            monitors.beforeYield(self);
        }
        self.state = going;
        self.blockedOn = queue;
        self.releasing = releasing;
        boolean suspended = false;
        try
        {
            Strand.suspend();
            suspended = true;
        }
        finally
        {
            if (!suspended)
            {
                self.state = UThread.State.RUNNING;
                self.blockedOn = null;
                self.releasing = null;
            }
        }
    }

    /** Moves a suspended thread to the end of the run queue. */
    void makeRunnable(final UThread thread)
    {
        thread.state = UThread.State.RUNNABLE;
        thread.blockedOn = null;
        runQueue.add(thread);
    }

    // ---- state, for the dispatcher ----

    /** The thread the caller runs in, if it is one of this scheduler's; null otherwise (outside every thread). */
    public UThread current()
    {
        return running != null && Strand.running() == running ? running : null;
    }

    /** True if a thread is in the run queue. */
    public boolean hasRunnable()
    {
        return !runQueue.isEmpty();
    }

    /** True if a thread is runnable or would be at {@code nowNs}: what a dispatcher's {@code runnable} asks. */
    public boolean hasWork(final long nowNs)
    {
        return hasRunnable() || nextWakeupNs() <= nowNs;
    }

    /** The earliest sleeper's deadline; {@link Long#MAX_VALUE} if no thread sleeps. */
    public long nextWakeupNs()
    {
        final UThread first = sleepers.peek();
        return first == null ? Long.MAX_VALUE : first.wakeAtNs;
    }

    /** The first uncaught exception that ended a thread, and which thread; empty if none failed. */
    public Optional<ThreadFailure> failure()
    {
        return Optional.ofNullable(firstFailure);
    }

    /** How many threads ended by an uncaught exception. */
    public long failures()
    {
        return failures;
    }

    /** How many threads were created. */
    public long created()
    {
        return created;
    }

    /** How many threads have not ended yet. */
    public long alive()
    {
        return created - terminated;
    }

    /** How many times {@code runReady} switched into a thread. */
    public long switches()
    {
        return switches;
    }

    @Override
    public String toString()
    {
        return "ThreadScheduler[alive " + alive() + ", runnable " + runQueue.size() + ", sleeping " + sleepers.size()
            + ", switches " + switches + ", failures " + failures + "]";
    }
}
