package dev.flotilla.shell;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The shell's lexical rules: a line split into words, and the numbers its commands take. */
final class Words
{
    private Words()
    {
    }

    /**
     * The words of {@code line}: separated by blanks; {@code '...'} and {@code "..."} quote blanks (no escapes
     * inside single quotes; {@code \"} and {@code \\} inside double quotes); {@code #} outside quotes starts a
     * comment.
     *
     * @throws FlotillaException {@code SHELL_USAGE} for an unclosed quote.
     */
    static List<String> split(final String line)
    {
        final List<String> words = new ArrayList<>();
        final StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++)
        {
            final char c = line.charAt(i);
            if (quote != 0)
            {
                if (c == quote)
                {
                    quote = 0;
                }
                else if (quote == '"' && c == '\\' && i + 1 < line.length()
                    && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\'))
                {
                    word.append(line.charAt(++i));
                }
                else
                {
                    word.append(c);
                }
            }
            else if (c == '\'' || c == '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else if (Character.isWhitespace(c))
            {
                if (inWord)
                {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            }
            else
            {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0)
        {
            throw new FlotillaException(ErrorCode.SHELL_USAGE, "unclosed " + quote + " quote in: " + line);
        }
        if (inWord)
        {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * A size or offset: a plain number, {@code 0x} hex, or a number with {@code K}, {@code M} or {@code G}
     * (powers of two: 4K = 4096).
     *
     * @throws FlotillaException {@code SHELL_USAGE} naming {@code what} and the accepted forms.
     */
    static long size(final String text, final String what)
    {
        final String t = text.strip().toUpperCase(Locale.ROOT);
        int shift = 0;
        String digits = t;
        if (!t.startsWith("0X") && !t.isEmpty())
        {
            switch (t.charAt(t.length() - 1))
            {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                default -> shift = 0;
            }
            if (shift > 0)
            {
                digits = t.substring(0, t.length() - 1);
            }
        }
        final long value = number(digits, text, what);
        if (value < 0 || value > Long.MAX_VALUE >>> shift)
        {
            throw bad(text, what);
        }
        return value << shift;
    }

    /** A 64-bit value: decimal (may be negative) or {@code 0x} hex (any 64-bit pattern). */
    static long value(final String text, final String what)
    {
        return number(text.strip().toUpperCase(Locale.ROOT), text, what);
    }

    /** A core number, 0 .. cores - 1. */
    static int core(final String text, final int cores)
    {
        final int core;
        try
        {
            core = Integer.parseInt(text.strip());
        }
        catch (final NumberFormatException e)
        {
            throw new FlotillaException(ErrorCode.SHELL_USAGE, "CORE must be a core number from 0 to " + (cores - 1)
                + ", got '" + text + "'");
        }
        if (core < 0 || core >= cores)
        {
            throw new FlotillaException(ErrorCode.INVALID_CORE, "core " + core + " does not exist: this system has cores 0 to "
                + (cores - 1));
        }
        return core;
    }

    private static long number(final String upper, final String text, final String what)
    {
        try
        {
            if (upper.startsWith("0X"))
            {
                return Long.parseUnsignedLong(upper.substring(2), 16);
            }
            return Long.parseLong(upper);
        }
        catch (final NumberFormatException e)
        {
            throw bad(text, what);
        }
    }

    private static FlotillaException bad(final String text, final String what)
    {
        return new FlotillaException(ErrorCode.SHELL_USAGE, what + " must be a number (decimal, 0x hex, or with K, M or G),"
            + " got '" + text + "'");
    }

    /** {@code value} as {@code 0x...}. */
    static String hex(final long value)
    {
        return "0x" + Long.toHexString(value);
    }
}
