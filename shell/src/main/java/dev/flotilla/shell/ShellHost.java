package dev.flotilla.shell;

import dev.flotilla.platform.PinStatus;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * What the host gives the shell: its console, how each core is placed on the host's CPUs, and the output
 * mode; and what the shell tells the host back — the line of a failed script, and the capability names it
 * holds on core 0 (for tab completion, which runs on the host's terminal thread).
 *
 * <p>Threads: built by the host before boot; {@link #failedLine} and {@link #names} are written by the
 * shell's dispatcher on core 0 and read by the host (an atomic and a concurrent set).
 */
public final class ShellHost
{
    private final Console console;
    private final IntFunction<Optional<PinStatus>> placement;
    private final java.util.function.IntToLongFunction parks;
    private final boolean json;
    private final boolean keepGoing;
    private final AtomicInteger failedLine = new AtomicInteger();
    private final Set<String> names;
    private final HostJobs jobs;
    /** Written by core 0 before its dispatcher exits; read by the host after the system halted. */
    private volatile boolean crashed;

    /**
     * @param console   where lines come from and output goes.
     * @param placement where a core runs, once it has started (the platform's pin status).
     * @param parks     how many times a core has parked so far (the platform's count).
     * @param json      print every result as one JSON object per line.
     * @param keepGoing a script goes on after a failing command.
     * @param names     a thread-safe set the shell keeps its core-0 capability names in.
     * @param jobs      programs the host runs beside the system (the benchmarks).
     */
    public ShellHost(final Console console, final IntFunction<Optional<PinStatus>> placement,
        final java.util.function.IntToLongFunction parks, final boolean json,
        final boolean keepGoing, final Set<String> names, final HostJobs jobs)
    {
        this.names = names;
        this.jobs = jobs;
        this.console = console;
        this.placement = placement;
        this.parks = parks;
        this.json = json;
        this.keepGoing = keepGoing;
    }

    public Console console()
    {
        return console;
    }

    /** Where {@code core} runs; empty if the platform does not know yet. */
    public Optional<PinStatus> placement(final int core)
    {
        return placement.apply(core);
    }

    /** How many times {@code core} has parked so far. */
    public long parks(final int core)
    {
        return parks.applyAsLong(core);
    }

    public boolean json()
    {
        return json;
    }

    public boolean keepGoing()
    {
        return keepGoing;
    }

    /** A command of a script failed at {@code line}; the first such line is kept. */
    void failed(final int line)
    {
        failedLine.compareAndSet(0, Math.max(line, 1));
    }

    /** The shell itself failed (its main thread threw): the system halts. */
    void crashed()
    {
        crashed = true;
    }

    /** True if the shell itself failed. */
    public boolean hasCrashed()
    {
        return crashed;
    }

    /** The line of the script's first failing command; 0 if none failed. */
    public int failedLine()
    {
        return failedLine.get();
    }

    /** Programs the host runs beside the system. */
    public HostJobs jobs()
    {
        return jobs;
    }

    /** The capability names the shell holds on core 0 (a live view, for completion). */
    public Set<String> names()
    {
        return names;
    }
}
