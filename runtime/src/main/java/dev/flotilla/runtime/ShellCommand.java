package dev.flotilla.runtime;

import dev.flotilla.shell.ScriptLines;
import dev.flotilla.shell.TerminalLines;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla shell} (what {@code flotilla} runs): boot, then the fish shell — at the {@code fish>} prompt
 * when standard input is a terminal, else reading commands from standard input ({@code echo halt | flotilla}).
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
    description = "Boot one kernel per core and open the fish shell: interactive at a terminal (line editing, history, "
        + "tab completion, 'help'), else commands read from standard input. 'halt' or Ctrl-D shuts down.")
final class ShellCommand implements Callable<Integer>
{
    /** Where the interactive shell keeps its history between runs, in the user's home. */
    static final String HISTORY = ".flotilla_history";
    /** An environment variable naming another history file. */
    static final String HISTORY_VARIABLE = "FLOTILLA_HISTORY";

    @Spec
    private CommandSpec spec;

    @Mixin
    private SystemOptions system;

    @Mixin
    private ShellOptions shell;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final java.io.Console console = System.console();
        final boolean terminal = console != null && console.isTerminal() && Main.inputIsStandardIn();
        try (SystemUnderBoot booted = system.open(spec))
        {
            if (!terminal)
            {
                final BufferedReader in = new BufferedReader(new InputStreamReader(Main.input(), StandardCharsets.UTF_8));
                return ShellRun.run(booted, names -> new ScriptLines(in), shell.json, shell.keepGoing, out, err);
            }
            try (Terminal tty = TerminalBuilder.builder().system(true).name("fish").build())
            {
                final PrintWriter screen = tty.writer();
                screen.println("Flotilla: " + booted.config().cores() + " cores on " + booted.platform().name()
                    + ". 'help' lists the commands; 'halt' or Ctrl-D shuts every core down.");
                final String named = System.getenv(HISTORY_VARIABLE);
                final Path history = named != null && !named.isBlank() ? Path.of(named)
                    : Path.of(System.getProperty("user.home"), HISTORY);
                return ShellRun.run(booted, names -> new TerminalLines(tty, history, names, () -> booted.config().cores()),
                    shell.json, shell.keepGoing, screen, screen);
            }
        }
    }
}
