package dev.flotilla.lib.thread;

import dev.flotilla.platform.NanoClock;

/** A clock that moves only when the test moves it: virtual time for the scheduler under test. */
final class SteppedClock implements NanoClock
{
    private long now;

    @Override
    public long nanoTime()
    {
        return now;
    }

    /** Moves time to {@code ns} and returns it, for passing to {@code runReady}. */
    long at(final long ns)
    {
        now = ns;
        return now;
    }
}
