package dev.flotilla.shell;

/** Where the host reads command lines: a script, standard input, or a terminal with line editing. */
public interface LineSource
{
    /** The next line, blocking until there is one; null at the end of the input. */
    String read();

    /** True when a person types the lines. */
    boolean interactive();

    /** Calls {@code action} when the user presses Ctrl-C while a command runs (terminals only). */
    default void onInterrupt(final Runnable action)
    {
    }

    /** True if a key was pressed since the last call (terminals only). */
    default boolean keyPressed()
    {
        return false;
    }
}
