package dev.flotilla.runtime;

import java.io.InputStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code flotilla}: the launcher's entry point. Each subcommand boots Flotilla for one job; with no
 * subcommand (nothing, or only options) it boots and opens the shell ({@code shell}).
 *
 * <p>Exit status: 0 success, 1 the system failed (boot, a core, a query), 2 bad usage.
 */
@Command(name = "flotilla", mixinStandardHelpOptions = true, version = "Flotilla 0.1.0",
    description = "The multikernel operating-system architecture on the JVM.",
    subcommands = {ShellCommand.class, RunCommand.class, BootCommand.class, SkbCommand.class})
public final class Main implements Runnable
{
    /** Exit status for bad usage. */
    public static final int USAGE = 2;

    /** Where the shell reads commands: standard input, or what a test gave {@link #run(String[], InputStream, PrintWriter, PrintWriter)}. */
    private static volatile InputStream input = System.in;

    public static void main(final String[] args)
    {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with {@code in} as standard input (for tests); returns the exit status. */
    public static int run(final String[] args, final InputStream in, final PrintWriter out, final PrintWriter err)
    {
        final InputStream before = input;
        input = in;
        try
        {
            return run(args, out, err);
        }
        finally
        {
            input = before;
        }
    }

    /** The shell's input. */
    static InputStream input()
    {
        return input;
    }

    /** True when the shell reads the process's own standard input (which may be a terminal). */
    static boolean inputIsStandardIn()
    {
        return input == System.in;
    }

    /** Runs the command line with the given streams and returns the exit status (for tests). */
    public static int run(final String[] args, final PrintWriter out, final PrintWriter err)
    {
        final CommandLine cli = new CommandLine(new Main());
        cli.setOut(out).setErr(err);
        cli.setParameterExceptionHandler((ex, ignored) ->
        {
            err.println(usageError(ex));
            return USAGE;
        });
        return cli.execute(withDefaultCommand(args));
    }

    /**
     * The command line to run: with no command, {@code shell}, so that {@code flotilla --cores 4} means
     * {@code flotilla shell --cores 4}; the launcher's own options ({@code --help}, {@code --version}) stay the
     * launcher's.
     */
    static String[] withDefaultCommand(final String[] args)
    {
        if (args.length == 0)
        {
            return new String[] {"shell"};
        }
        final String first = args[0];
        if (!first.startsWith("-") || first.equals("-h") || first.equals("--help") || first.equals("-V")
            || first.equals("--version"))
        {
            return args;
        }
        final String[] shell = new String[args.length + 1];
        shell[0] = "shell";
        System.arraycopy(args, 0, shell, 1, args.length);
        return shell;
    }

    /**
     * One line: what was wrong and the accepted form — the option's own description when the error is
     * about one option, else where to find the accepted forms.
     */
    static String usageError(final CommandLine.ParameterException ex)
    {
        final CommandLine command = ex.getCommandLine();
        final String name = command.getParent() == null ? "flotilla" : "flotilla " + command.getCommandName();
        final StringBuilder line = new StringBuilder(name).append(": ");
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && command.getParent() == null
            && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().getFirst().startsWith("-"))
        {
            return line.append("unknown command '").append(unmatched.getUnmatched().getFirst()).append("'; commands: ")
                .append(String.join(", ", command.getSubcommands().keySet())).toString();
        }
        line.append(ex.getMessage().replace('\n', ' ').trim());
        if (ex.getArgSpec() instanceof CommandLine.Model.OptionSpec option && option.description().length > 0)
        {
            final String description = option.description()[0];
            final int defaults = description.indexOf(" (default");
            line.append("; expected ").append(option.longestName()).append(' ').append(option.paramLabel()).append(": ")
                .append(defaults > 0 ? description.substring(0, defaults) : description);
        }
        else
        {
            line.append("; see '").append(name).append(" --help' for the accepted options");
        }
        return line.toString();
    }

    @Override
    public void run()
    {
        // Unreachable: run() turns a command line without a command into "shell".
    }
}
