package dev.flotilla.lib.thread;

import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadMXBean;

/**
 * The optional check that a thread holds no Java monitor when it yields.
 *
 * <p>Since JDK 24 (JEP 491) a continuation may be unmounted while it holds a monitor, and the monitor stays
 * held. If another user-level thread of the same core then enters it, {@code monitorenter} blocks the
 * core's own thread — the only thread that could run the owner again — and the core hangs without a word.
 * Asking the JVM which monitors the thread holds (through the management interface) turns that into a
 * {@link ThreadException} at the yield; it costs tens of microseconds per yield, so schedulers do it only
 * when built with {@link ThreadScheduler#checkingMonitors}.
 *
 * <p>Monitors held by the code that called {@code runReady} (outside every thread) are the baseline taken
 * there; only monitors beyond it were taken inside the thread.
 */
final class MonitorCheck
{
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private int baseline;

    MonitorCheck()
    {
        if (!threads.isObjectMonitorUsageSupported())
        {
            throw new UnsupportedOperationException("this JVM cannot report the monitors a thread holds");
        }
    }

    /** Takes the baseline: called by {@code runReady}, outside every thread. */
    void enter()
    {
        baseline = held().length;
    }

    /** Throws if {@code thread}, the caller, took a monitor that it still holds. */
    void beforeYield(final UThread thread)
    {
        final MonitorInfo[] held = held();
        if (held.length > baseline)
        {
            MonitorInfo innermost = held[0];
            for (final MonitorInfo monitor : held)
            {
                if (monitor.getLockedStackDepth() < innermost.getLockedStackDepth())
                {
                    innermost = monitor;
                }
            }
            throw ThreadException.pinned(thread, "it holds the Java monitor of " + innermost.getClassName()
                + " locked in " + innermost.getLockedStackFrame()
                + "; another thread of this core entering it would block the core; use a Mutex");
        }
    }

    private MonitorInfo[] held()
    {
        return threads.getThreadInfo(new long[] {Thread.currentThread().threadId()}, true, false)[0].getLockedMonitors();
    }
}
