package dev.flotilla.lib.thread;

import java.util.Objects;
import java.util.Optional;

/**
 * A user-level thread: a body of code that runs inside one dispatcher, on its core's thread, and gives the
 * core up only where it yields, blocks, sleeps or ends (Barrelfish's {@code struct thread}). Its stack lives
 * in a {@link Strand}, a JDK continuation, while it is not running.
 *
 * <p>Handles are created by {@link ThreadScheduler#create} and are core-confined like their scheduler. The
 * fields below are the scheduler's; the one invariant tying them together is that a thread sits in at most
 * one queue, and which one its {@link #state()} says: the run queue when {@link State#RUNNABLE}, a wait
 * queue when {@link State#BLOCKED}, the sleepers when {@link State#SLEEPING}, none otherwise.
 */
public final class UThread
{
    /** Where a thread is in its life. */
    public enum State
    {
        /** Ready to run: in its scheduler's run queue. */
        RUNNABLE,
        /** Running now: the caller of {@link ThreadScheduler#current()} is this thread. */
        RUNNING,
        /** Waiting in a {@link WaitQueue} (a mutex, a condition variable, a join) until woken. */
        BLOCKED,
        /** Waiting in {@link ThreadScheduler#park()} for {@link ThreadScheduler#unpark(UThread)}. */
        PARKED,
        /** Waiting in {@link ThreadScheduler#sleep(long)} for the clock to reach its deadline. */
        SLEEPING,
        /** Ended by returning from its body. */
        DONE,
        /** Ended by an uncaught exception, which {@link #failure()} holds. */
        FAILED
    }

    final ThreadScheduler scheduler;
    private final long id;
    private final String name;
    /** The thread's stack while it is alive; dropped when it ends, so a finished handle costs little. */
    Strand strand;
    State state = State.RUNNABLE;
    /** The next thread in whichever {@link ThreadQueue} holds this one. */
    UThread next;
    /** The wait queue a {@link State#BLOCKED} thread is in; null otherwise. */
    WaitQueue blockedOn;
    /** The mutex to release once the thread is suspended ({@link CondVar#await}); null otherwise. */
    Mutex releasing;
    /** When a {@link State#SLEEPING} thread wakes, on its scheduler's clock. */
    long wakeAtNs;
    /** A wake-up given before the thread parked ({@link ThreadScheduler#unpark}); the next park consumes it. */
    boolean permit;
    /** Unparks this thread: what its blocking calls leave with their replies; made at its first wait, then reused. */
    Runnable unparker;
    Throwable failure;
    /** Threads joining this one; made on the first join, as most threads are never joined. */
    WaitQueue joiners;

    UThread(final ThreadScheduler scheduler, final long id, final String name)
    {
        this.scheduler = scheduler;
        this.id = id;
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Its number in its scheduler, from 1 in creation order. */
    public long id()
    {
        return id;
    }

    /** The name it was created with, for errors and reports. */
    public String name()
    {
        return name;
    }

    /** Where it is now. */
    public State state()
    {
        return state;
    }

    /** True once it has ended, normally or by an exception. */
    public boolean isTerminated()
    {
        return state == State.DONE || state == State.FAILED;
    }

    /** The exception that ended it, if one did. */
    public Optional<Throwable> failure()
    {
        return Optional.ofNullable(failure);
    }

    WaitQueue joiners()
    {
        if (joiners == null)
        {
            joiners = new WaitQueue(scheduler);
        }
        return joiners;
    }

    @Override
    public String toString()
    {
        return "thread '" + name + "' (#" + id + ", " + state + ")";
    }
}
