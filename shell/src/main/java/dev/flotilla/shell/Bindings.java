package dev.flotilla.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variable bindings of one SKB solution as the SKB writes them, {@code C = 0, P = 1, T = node(0, [])}:
 * split at each {@code , Name = } so values that hold commas (lists, compound terms) stay whole.
 */
final class Bindings
{
    private static final Pattern VARIABLE = Pattern.compile("(?:^|, )([A-Z_][A-Za-z0-9_]*) = ");

    private Bindings()
    {
    }

    /** Variable to value text, in the order written. */
    static Map<String, String> of(final String solution)
    {
        final Map<String, String> bindings = new LinkedHashMap<>();
        final Matcher m = VARIABLE.matcher(solution);
        final List<int[]> spans = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        while (m.find())
        {
            spans.add(new int[] {m.start(), m.end()});
            names.add(m.group(1));
        }
        for (int i = 0; i < names.size(); i++)
        {
            final int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : solution.length();
            bindings.put(names.get(i), solution.substring(spans.get(i)[1], end));
        }
        return bindings;
    }

    /** The integer bound to {@code variable}; -1 if it is unbound or not an integer. */
    static long integer(final Map<String, String> bindings, final String variable)
    {
        try
        {
            return Long.parseLong(bindings.getOrDefault(variable, "").strip());
        }
        catch (final NumberFormatException e)
        {
            return -1;
        }
    }
}
