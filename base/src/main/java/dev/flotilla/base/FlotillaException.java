package dev.flotilla.base;

import java.util.Objects;

/**
 * An operation failed for a reason that {@link ErrorCode} names.
 *
 * <p>The code says what went wrong in the system's common vocabulary; the detail says which argument
 * was at fault and why (for example {@code "offset: 0x1800 is not aligned to 4096"}). Subsystems
 * throw their own subclasses so that callers can catch narrowly, but every Flotilla error is one of
 * these and carries a code.
 */
public class FlotillaException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String detail;

    /**
     * @param code   what went wrong.
     * @param detail which argument was bad and why; never null.
     */
    public FlotillaException(final ErrorCode code, final String detail)
    {
        this(code, detail, code.name() + ": " + code.message() + " (" + Objects.requireNonNull(detail) + ")");
    }

    /**
     * For subclasses that say where the error happened in their own words.
     *
     * @param message the whole text {@link #getMessage()} returns.
     */
    protected FlotillaException(final ErrorCode code, final String detail, final String message)
    {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** What went wrong. */
    public final ErrorCode code()
    {
        return code;
    }

    /** Which argument was bad and why. */
    public final String detail()
    {
        return detail;
    }
}
