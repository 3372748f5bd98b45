package dev.flotilla.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Lines of a script file or of standard input that is not a terminal. */
public final class ScriptLines implements LineSource
{
    private final BufferedReader reader;

    public ScriptLines(final BufferedReader reader)
    {
        this.reader = reader;
    }

    @Override
    public String read()
    {
        try
        {
            return reader.readLine();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("reading the shell's input failed", e);
        }
    }

    @Override
    public boolean interactive()
    {
        return false;
    }
}
