package dev.flotilla.caps;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;

/**
 * A capability invocation was refused during decode: nothing was changed.
 *
 * <p>Thrown only by the decode half of an invocation, so catching it means the capability state is
 * exactly what it was before the call.
 */
public final class CapabilityException extends FlotillaException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param code   what went wrong.
     * @param detail which argument was bad and why.
     */
    public CapabilityException(final ErrorCode code, final String detail)
    {
        super(code, detail);
    }
}
