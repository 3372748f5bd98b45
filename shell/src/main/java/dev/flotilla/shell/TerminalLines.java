package dev.flotilla.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;

/**
 * Lines typed at a terminal, through JLine: the {@code fish>} prompt, line editing, history kept across runs in
 * a file, and tab completion of commands, capability names and cores. Ctrl-C at the prompt drops the line;
 * while a command runs it cancels the command ({@link #onInterrupt}); Ctrl-D at an empty prompt ends the input,
 * which halts the system.
 *
 * <p>Threads: {@link #read} runs on the console's reader thread (native) or the simulator's; {@link #keyPressed}
 * on core 0 while a command runs — never at the same time, since the console hands over between them.
 */
public final class TerminalLines implements LineSource
{
    /** The prompt. */
    public static final String PROMPT = "fish> ";

    /** Commands and their subcommands, for completion. */
    private static final List<String> COMMANDS = List.of("bench", "caps", "chan", "cores", "halt", "help", "kill", "map",
        "mem", "on", "peek", "ping", "poke", "ps", "skb", "span", "spawn", "top", "unmap");
    private static final List<String> CAPS = List.of("alloc", "copy", "delete", "identify", "mint", "retype", "revoke");
    private static final List<String> SKB = List.of("facts", "tree");
    private static final List<String> TYPES = List.of("ram", "frame", "devframe", "cnode", "vnode", "pdir", "pdpt", "pml4",
        "dispatcher", "endpoint");

    private final Terminal terminal;
    private final LineReader reader;
    private Attributes cooked;

    /**
     * @param terminal the terminal (the caller closes it).
     * @param history  the history file.
     * @param names    the shell's capability names on core 0, for completion (a thread-safe live set).
     * @param cores    how many cores the system has.
     */
    public TerminalLines(final Terminal terminal, final Path history, final Set<String> names, final IntSupplier cores)
    {
        this.terminal = terminal;
        this.reader = LineReaderBuilder.builder().terminal(terminal).appName("fish")
            .variable(LineReader.HISTORY_FILE, history)
            .completer((lineReader, line, candidates) -> complete(line.words(), line.wordIndex(), names, cores.getAsInt(),
                candidates))
            .build();
    }

    /** What may come at word {@code index} of {@code words}. */
    static void complete(final List<String> words, final int index, final Set<String> names, final int cores,
        final List<Candidate> candidates)
    {
        int start = 0;
        while (start + 1 < words.size() && words.get(start).equals("on") && index > start + 1)
        {
            start += 2; // "on CORE" prefixes: complete the command after them
        }
        final int position = index - start;
        final String command = start < words.size() ? words.get(start) : "";
        if (position == 0)
        {
            COMMANDS.forEach(c -> candidates.add(new Candidate(c)));
        }
        else if (takesCore(command, position))
        {
            for (int core = 0; core < cores; core++)
            {
                candidates.add(new Candidate(Integer.toString(core)));
            }
        }
        else if (command.equals("caps") && position == 1)
        {
            CAPS.forEach(c -> candidates.add(new Candidate(c)));
        }
        else if (command.equals("skb") && position == 1)
        {
            SKB.forEach(c -> candidates.add(new Candidate(c)));
        }
        else if (command.equals("caps") && words.size() > start + 1 && words.get(start + 1).equals("retype") && position == 3)
        {
            TYPES.forEach(c -> candidates.add(new Candidate(c)));
        }
        else if (command.equals("caps") || command.equals("map"))
        {
            names.forEach(name -> candidates.add(new Candidate(name)));
        }
        else if (command.equals("help") && position == 1)
        {
            COMMANDS.forEach(c -> candidates.add(new Candidate(c)));
        }
    }

    /** True where word {@code position} of {@code command} is a core: on CORE, ping CORE, span ID CORE. */
    private static boolean takesCore(final String command, final int position)
    {
        return switch (command)
        {
            case "on", "ping" -> position == 1;
            case "span" -> position == 2;
            default -> false;
        };
    }

    @Override
    public String read()
    {
        restore();
        while (true)
        {
            try
            {
                return reader.readLine(PROMPT);
            }
            catch (final UserInterruptException e)
            {
                // Ctrl-C at the prompt: drop the line, prompt again
            }
            catch (final EndOfFileException e)
            {
                return null;
            }
        }
    }

    @Override
    public boolean interactive()
    {
        return true;
    }

    @Override
    public void onInterrupt(final Runnable action)
    {
        terminal.handle(Terminal.Signal.INT, signal -> action.run());
    }

    @Override
    public boolean keyPressed()
    {
        try
        {
            if (cooked == null)
            {
                cooked = terminal.enterRawMode(); // single keys, not lines; Ctrl-C still signals
            }
            boolean pressed = false;
            while (terminal.reader().read(1L) >= 0)
            {
                pressed = true;
            }
            return pressed;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("reading the terminal failed", e);
        }
    }

    /** Back to the terminal's modes from before a live view read single keys. */
    private void restore()
    {
        if (cooked != null)
        {
            terminal.setAttributes(cooked);
            cooked = null;
        }
    }
}
