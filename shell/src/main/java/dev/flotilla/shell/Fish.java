package dev.flotilla.shell;

import dev.flotilla.base.FlotillaException;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.shell.FishInterface.Outcome;

/**
 * fish, the Flotilla shell, as a domain: it starts on core 0 (the boot task), spans to every other core, and
 * every dispatcher exports {@code fish.N} and keeps its own {@link Session}. The dispatcher on core 0 reads
 * the console: each line runs there, or with {@code on CORE} in the dispatcher on CORE. The shell ends — and
 * with it, as the boot task, the system halts — at {@code halt}, at the end of the input, or at a script's
 * first failing command (unless the host keeps going).
 *
 * <pre>
 *   core 0:  span(1..n-1) -- export fish.0 -- loop: poll console -- run here or on CORE -- print
 *   core N:  export fish.N -- serve run/echo/status -- stopped when core 0's dispatcher ends
 * </pre>
 */
public final class Fish implements Domain
{
    /** The boot image's name of the shell. */
    public static final String PROGRAM = "fish";

    /** How long core 0's dispatcher sleeps when no line has arrived (native consoles hand lines over). */
    private static final long IDLE_POLL_NS = 1_000_000L;

    private final ShellHost host;

    public Fish(final ShellHost host)
    {
        this.host = host;
    }

    @Override
    public void main(final DomainContext context)
    {
        try
        {
            run(context);
        }
        catch (final RuntimeException | Error e)
        {
            host.console().error("fish: the shell failed: " + e); // then the dispatcher stops, and the system halts
            host.crashed();
            throw e;
        }
    }

    private void run(final DomainContext context)
    {
        final Console console = host.console();
        final Session session = new Session(context, host);
        for (int core = 0; core < context.systemCores(); core++)
        {
            if (core != context.core())
            {
                try
                {
                    context.span(core);
                }
                catch (final FlotillaException e)
                {
                    console.error("fish: could not span to core " + core + ": " + e.code() + ": " + e.detail());
                }
            }
        }
        session.export();
        while (!session.halting())
        {
            final Console.Line line = console.poll();
            if (line == null)
            {
                context.sleepNs(IDLE_POLL_NS);
                continue;
            }
            if (line.isEnd())
            {
                break;
            }
            console.takeCancel(); // a Ctrl-C pressed between commands cancels nothing
            final Outcome outcome = session.execute(line.text(), host.json());
            if (!outcome.text().isEmpty())
            {
                if (outcome.ok())
                {
                    console.print(outcome.text());
                }
                else if (host.json())
                {
                    console.print(outcome.text());
                }
                else
                {
                    console.error(console.interactive() ? outcome.text() : "line " + line.number() + ": " + outcome.text());
                }
            }
            if (!outcome.ok() && !console.interactive())
            {
                host.failed(line.number());
                if (!host.keepGoing())
                {
                    console.commandDone();
                    break;
                }
            }
            console.commandDone();
        }
    }

    @Override
    public void spanned(final DomainContext context)
    {
        final Session session = new Session(context, host);
        session.export();
        context.dispatcher().threads().park(); // serves in handlers and their threads until the domain ends
    }
}
