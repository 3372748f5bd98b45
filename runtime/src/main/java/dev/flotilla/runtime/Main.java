package dev.flotilla.runtime;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code flotilla}: the launcher's entry point. Each subcommand boots Flotilla for one job; with no
 * subcommand it boots and prints the boot report (until the shell exists).
 *
 * <p>Exit status: 0 success, 1 the system failed (boot, a core, a query), 2 bad usage.
 */
@Command(name = "flotilla", mixinStandardHelpOptions = true, version = "Flotilla 0.1.0",
    description = "The multikernel operating-system architecture on the JVM.",
    subcommands = {BootCommand.class})
public final class Main implements Runnable
{
    /** Exit status for bad usage. */
    public static final int USAGE = 2;

    public static void main(final String[] args)
    {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit status (for tests). */
    public static int run(final String[] args, final PrintWriter out, final PrintWriter err)
    {
        final CommandLine cli = new CommandLine(new Main());
        cli.setOut(out).setErr(err);
        cli.setParameterExceptionHandler((ex, ignored) ->
        {
            final CommandLine command = ex.getCommandLine();
            err.println("flotilla: " + ex.getMessage().replace("\n", " ").trim());
            err.println("usage: " + command.getHelp().synopsis(0).trim() + "  (see: flotilla "
                + (command.getParent() == null ? "" : command.getCommandName() + " ") + "--help)");
            return USAGE;
        });
        final String[] effective = args.length == 0 ? new String[] {"boot"} : args;
        return cli.execute(effective);
    }

    @Override
    public void run()
    {
        // Unreachable: main() turns an empty command line into "boot".
    }
}
