package dev.flotilla.systemtests;

import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import java.util.Collection;

/**
 * A boot task for the system tests: its {@link #start} sets something going (spawns domains), then it exits —
 * which halts the system — once {@code log} holds an entry, looking every 100 µs of the core's clock.
 */
abstract class ExitsOnceLogged implements Program
{
    private static final long LOOK_EVERY_NS = 100_000;

    private final Collection<?> log;
    private long nextNs;

    ExitsOnceLogged(final Collection<?> log)
    {
        this.log = log;
    }

    @Override
    public final int step(final Dispatcher self, final long nowNs)
    {
        if (!log.isEmpty())
        {
            self.exit(0);
            return 1;
        }
        nextNs = nowNs + LOOK_EVERY_NS;
        return 0;
    }

    @Override
    public final long wakeupDeadlineNs()
    {
        return nextNs;
    }
}
