package dev.flotilla.skb.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The named variables of a goal in the order they first appear, which is how a person reads the
 * answer ({@code X = .., Y = ..}); Projog hands them out sorted by name. A light scan: it skips quoted
 * atoms, strings, {@code 0'c} character codes and {@code %} comments, which is all that can hide a
 * capitalised word that is not a variable.
 */
final class VariableOrder
{
    private VariableOrder()
    {
    }

    /** The variables of {@code goal} in order of first appearance, each once, without {@code _}. */
    static List<String> of(final String goal)
    {
        final Set<String> names = new LinkedHashSet<>();
        int i = 0;
        while (i < goal.length())
        {
            final char c = goal.charAt(i);
            if (c == '\'' || c == '"' || c == '`')
            {
                i = closingQuote(goal, i);
            }
            else if (c == '%')
            {
                final int end = goal.indexOf('\n', i);
                i = end < 0 ? goal.length() : end;
            }
            else if (c == '0' && i + 1 < goal.length() && goal.charAt(i + 1) == '\'')
            {
                i += goal.startsWith("\\", i + 2) ? 4 : 3;
            }
            else if (Character.isLetterOrDigit(c) || c == '_')
            {
                final int start = i;
                while (i < goal.length() && (Character.isLetterOrDigit(goal.charAt(i)) || goal.charAt(i) == '_'))
                {
                    i++;
                }
                final String word = goal.substring(start, i);
                if ((Character.isUpperCase(c) || c == '_') && !word.equals("_"))
                {
                    names.add(word);
                }
            }
            else
            {
                i++;
            }
        }
        return new ArrayList<>(names);
    }

    /** The index just past the quote that closes the one at {@code open}; a doubled quote or a backslash escapes. */
    private static int closingQuote(final String text, final int open)
    {
        final char quote = text.charAt(open);
        int i = open + 1;
        while (i < text.length())
        {
            final char c = text.charAt(i);
            if (c == '\\')
            {
                i += 2;
            }
            else if (c == quote && i + 1 < text.length() && text.charAt(i + 1) == quote)
            {
                i += 2;
            }
            else if (c == quote)
            {
                return i + 1;
            }
            else
            {
                i++;
            }
        }
        return text.length();
    }
}
