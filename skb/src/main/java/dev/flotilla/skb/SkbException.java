package dev.flotilla.skb;

import java.io.Serial;

/**
 * An {@link SkbError} with where it happened. A failed request leaves the knowledge base as it was
 * before the request (a consult that fails part-way may have added the clauses before the bad one),
 * so a server can answer the error and go on serving.
 */
public final class SkbException extends RuntimeException
{
    @Serial
    private static final long serialVersionUID = 1L;

    /** Line and column value when the error has no position in a text. */
    public static final int NO_POSITION = 0;

    private final SkbError error;
    private final String source;
    private final int line;
    private final int column;
    private final String detail;

    /**
     * @param error  the code.
     * @param source what was being read or asked: a file name, {@code query}, a rule file.
     * @param line   1-based line in the source, or {@link #NO_POSITION}.
     * @param column 1-based column in that line, or {@link #NO_POSITION}.
     * @param detail the specific words: the engine's parse message, the predicate, the budget.
     */
    public SkbException(final SkbError error, final String source, final int line, final int column,
        final String detail)
    {
        super(format(error, source, line, column, detail));
        this.error = error;
        this.source = source;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /** An error with no position in a text. */
    public SkbException(final SkbError error, final String source, final String detail)
    {
        this(error, source, NO_POSITION, NO_POSITION, detail);
    }

    public SkbError error()
    {
        return error;
    }

    public String source()
    {
        return source;
    }

    /** 1-based line, or {@link #NO_POSITION}. */
    public int line()
    {
        return line;
    }

    /** 1-based column, or {@link #NO_POSITION}. */
    public int column()
    {
        return column;
    }

    public String detail()
    {
        return detail;
    }

    private static String format(final SkbError error, final String source, final int line, final int column,
        final String detail)
    {
        final StringBuilder text = new StringBuilder(source);
        if (line != NO_POSITION)
        {
            text.append(':').append(line);
            if (column != NO_POSITION)
            {
                text.append(':').append(column);
            }
        }
        return text.append(": ").append(error.name()).append(": ").append(detail).toString();
    }
}
