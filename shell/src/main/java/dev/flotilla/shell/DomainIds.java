package dev.flotilla.shell;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;

/**
 * How the shell writes a domain's id: {@code HOME.SEQUENCE} — the core it started on (its home, the id's high
 * 32 bits) and its number there — so {@code 0.3} is the third domain started on core 0. Plain numbers are
 * accepted as well.
 */
final class DomainIds
{
    private DomainIds()
    {
    }

    static String format(final long id)
    {
        return (id >>> 32) + "." + (id & 0xFFFF_FFFFL);
    }

    static long parse(final String text)
    {
        try
        {
            final int dot = text.indexOf('.');
            if (dot < 0)
            {
                return Long.parseLong(text);
            }
            final long home = Long.parseLong(text.substring(0, dot));
            final long sequence = Long.parseLong(text.substring(dot + 1));
            if (home < 0 || home > Integer.MAX_VALUE || sequence < 0 || sequence > 0xFFFF_FFFFL)
            {
                throw new NumberFormatException(text);
            }
            return home << 32 | sequence;
        }
        catch (final NumberFormatException e)
        {
            throw new FlotillaException(ErrorCode.SHELL_USAGE, "ID must be a domain id as ps shows it (HOME.SEQUENCE,"
                + " e.g. 0.2), got '" + text + "'");
        }
    }
}
