package dev.flotilla.idl;

import dev.flotilla.base.ErrorCode;

/**
 * A message a port refused to hand to any handler: malformed, unknown or unexpected. Counted and
 * reported, never thrown, so a bad message cannot stop the core.
 *
 * @param code   why (an {@code RX_} code or {@link ErrorCode#UNHANDLED_MESSAGE}).
 * @param type   the message type word as it arrived.
 * @param detail which message and argument, and what was wrong.
 */
public record Rejection(ErrorCode code, int type, String detail)
{
    @Override
    public String toString()
    {
        return code.name() + " (type 0x" + Integer.toHexString(type) + "): " + detail;
    }
}
