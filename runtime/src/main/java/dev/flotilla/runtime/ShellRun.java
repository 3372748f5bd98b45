package dev.flotilla.runtime;

import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.platform.PinStatus;
import dev.flotilla.shell.Fish;
import dev.flotilla.shell.HostConsole;
import dev.flotilla.shell.LineSource;
import dev.flotilla.shell.ShellHost;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;

/**
 * Boots Flotilla with the shell as its boot task and runs it until it ends: host side, on the launcher's
 * thread. The console reads on a host thread of its own on native cores and in the shell's own poll on the
 * simulator.
 *
 * <p>Exit status: 0 when the shell ended by {@code halt} or the end of its input; 1 when a script stopped at a
 * failing command or the system failed.
 */
final class ShellRun
{
    private ShellRun()
    {
    }

    /**
     * @param booted    the system to boot.
     * @param lines     where command lines come from, given the live set of the shell's capability names on core 0
     *                  (for completion).
     * @param json      one JSON object per result.
     * @param keepGoing a script goes on past failing commands.
     */
    static int run(final SystemUnderBoot booted, final Function<Set<String>, LineSource> lines, final boolean json,
        final boolean keepGoing, final PrintWriter out, final PrintWriter err) throws InterruptedException
    {
        final boolean simulated = booted.platform().isSimulated();
        final Set<String> names = new ConcurrentSkipListSet<>();
        final HostConsole console = new HostConsole(lines.apply(names), out, err, simulated);
        final ShellHost host = new ShellHost(console, core -> placement(booted, core), booted.platform()::parks, json, keepGoing, names,
            BenchJobs.find());
        console.start(Thread.ofPlatform().daemon().factory());
        final BootResult result = booted.bootUntilTaskExits(Fish.PROGRAM, () -> new DomainProgram(new Fish(host)));
        if (!result.succeeded())
        {
            err.println("flotilla: " + result.error().orElse("the system failed"));
            return 1;
        }
        if (host.hasCrashed())
        {
            return 1; // the shell said why
        }
        if (host.failedLine() > 0)
        {
            err.println(keepGoing ? "flotilla: a command failed; the first at line " + host.failedLine()
                : "flotilla: the script stopped at line " + host.failedLine()
                    + ", its first failing command (--keep-going runs on past failures)");
            return 1;
        }
        return 0;
    }

    private static Optional<PinStatus> placement(final SystemUnderBoot booted, final int core)
    {
        try
        {
            return Optional.of(booted.platform().pinStatus(core));
        }
        catch (final IllegalStateException | IllegalArgumentException notStarted)
        {
            return Optional.empty();
        }
    }
}
