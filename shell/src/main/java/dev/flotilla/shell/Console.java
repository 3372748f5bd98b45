package dev.flotilla.shell;

/**
 * The shell's terminal or script, as a device: where command lines come from and their output goes. Only the
 * shell's dispatcher on core 0 calls it, from its user-level threads.
 *
 * <p>A console is asynchronous (native cores: a host thread reads lines and hands them over, so reading never
 * holds up core 0) or synchronous (the simulator: {@link #poll} reads the next line itself, while simulated
 * time stands still).
 */
public interface Console
{
    /** A command line and where it came from. */
    record Line(String text, int number)
    {
        /** The end of the input (end of file, Ctrl-D). */
        public static final Line END = new Line("", -1);

        public boolean isEnd()
        {
            return this == END;
        }
    }

    /** The next line, {@link Line#END} at the end of input, or null when none has arrived yet (poll again later). */
    Line poll();

    /** The line's command has finished: an interactive console prompts again. */
    void commandDone();

    /** Prints a command's output. */
    void print(String text);

    /** Prints an error (standard error when reading a script). */
    void error(String text);

    /** True once for each Ctrl-C pressed while a command ran. */
    boolean takeCancel();

    /** True if a key was pressed since the last call (for live views); always false without a terminal. */
    boolean keyPressed();

    /** True when a person types the lines: errors do not stop the shell, and live views run until a key. */
    boolean interactive();
}
