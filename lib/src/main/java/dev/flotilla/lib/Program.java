package dev.flotilla.lib;

/**
 * A program a dispatcher runs: its code, in the boot image. The dispatcher calls {@link #start} once
 * on the dispatcher's core, then {@link #step} every time it runs; everything else arrives as
 * messages on channels the program attached. Like all OS code, a program never blocks, sleeps,
 * starts threads or reads the host clock: time comes from {@code nowNs} and the dispatcher.
 */
public interface Program
{
    /** Runs once, on the dispatcher's first dispatch. */
    void start(Dispatcher self);

    /**
     * Runs on every dispatch after the channels were polled.
     *
     * @return the work done; 0 if idle.
     */
    default int step(final Dispatcher self, final long nowNs)
    {
        return 0;
    }

    /** The earliest time the program must run again without a message; {@link Long#MAX_VALUE} for none. */
    default long wakeupDeadlineNs()
    {
        return Long.MAX_VALUE;
    }
}
