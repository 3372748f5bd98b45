package dev.flotilla.skb;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import java.io.Serial;

/**
 * An SKB error code (one of the {@code SKB_} codes of {@link ErrorCode}) with where it happened. A failed
 * request leaves the knowledge base as it was before the request (a consult that fails part-way may have
 * added the clauses before the bad one), so a server can answer the error and go on serving.
 */
public final class SkbException extends FlotillaException
{
    @Serial
    private static final long serialVersionUID = 1L;

    /** Line and column value when the error has no position in a text. */
    public static final int NO_POSITION = 0;

    private final String source;
    private final int line;
    private final int column;

    /**
     * @param code   the code.
     * @param source what was being read or asked: a file name, {@code query}, a rule file.
     * @param line   1-based line in the source, or {@link #NO_POSITION}.
     * @param column 1-based column in that line, or {@link #NO_POSITION}.
     * @param detail the specific words: the engine's parse message, the predicate, the budget.
     */
    public SkbException(final ErrorCode code, final String source, final int line, final int column,
        final String detail)
    {
        super(code, detail, format(code, source, line, column, detail));
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** An error with no position in a text. */
    public SkbException(final ErrorCode code, final String source, final String detail)
    {
        this(code, source, NO_POSITION, NO_POSITION, detail);
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

    private static String format(final ErrorCode code, final String source, final int line, final int column,
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
        return text.append(": ").append(code.name()).append(": ").append(detail).toString();
    }
}
