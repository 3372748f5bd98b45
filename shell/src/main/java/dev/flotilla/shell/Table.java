package dev.flotilla.shell;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of a command's listing, printed as aligned columns and given as a JSON array of objects whose keys are
 * the column names. A cell is a number (a JSON number) or text.
 */
final class Table
{
    private final List<String> columns;
    private final List<Object[]> rows = new ArrayList<>();

    Table(final String... columns)
    {
        this.columns = List.of(columns);
    }

    /** Adds a row: one value per column, each a {@link Number}, {@link Boolean} or anything printed as text. */
    Table row(final Object... values)
    {
        if (values.length != columns.size())
        {
            throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns");
        }
        rows.add(values.clone());
        return this;
    }

    int size()
    {
        return rows.size();
    }

    /** The rows as aligned text with a header line; numbers right-aligned. */
    String text()
    {
        final int[] width = new int[columns.size()];
        for (int c = 0; c < width.length; c++)
        {
            width[c] = columns.get(c).length();
            for (final Object[] row : rows)
            {
                width[c] = Math.max(width[c], cell(row[c]).length());
            }
        }
        final StringBuilder out = new StringBuilder();
        line(out, width, columns.toArray(), true);
        for (final Object[] row : rows)
        {
            line(out, width, row, false);
        }
        return out.toString().stripTrailing();
    }

    private static void line(final StringBuilder out, final int[] width, final Object[] cells, final boolean header)
    {
        final StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++)
        {
            final String text = cell(cells[c]);
            final String pad = " ".repeat(width[c] - text.length());
            if (c > 0)
            {
                line.append("  ");
            }
            line.append(!header && cells[c] instanceof Number ? pad + text : text + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String cell(final Object value)
    {
        if (value instanceof List<?> list)
        {
            return ranges(list);
        }
        return value == null ? "-" : value.toString();
    }

    /** A list of ascending integers as runs, {@code 0-3,8}; anything else joined by commas. */
    static String ranges(final List<?> list)
    {
        final StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < list.size())
        {
            int j = i;
            while (j + 1 < list.size() && list.get(j) instanceof Integer a && list.get(j + 1) instanceof Integer b
                && b == a + 1)
            {
                j++;
            }
            out.append(out.isEmpty() ? "" : ",").append(list.get(i));
            if (j > i)
            {
                out.append(j == i + 1 ? "," : "-").append(list.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }

    /** The rows as a JSON array of objects. */
    ArrayNode json()
    {
        final ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (final Object[] row : rows)
        {
            final ObjectNode object = array.addObject();
            for (int c = 0; c < row.length; c++)
            {
                put(object, columns.get(c), row[c]);
            }
        }
        return array;
    }

    static void put(final ObjectNode object, final String key, final Object value)
    {
        switch (value)
        {
            case null -> object.putNull(key);
            case Integer i -> object.put(key, i);
            case Long l -> object.put(key, l);
            case Double d -> object.put(key, d);
            case Boolean b -> object.put(key, b);
            case List<?> list ->
            {
                final ArrayNode items = object.putArray(key);
                list.forEach(item ->
                {
                    if (item instanceof Integer i)
                    {
                        items.add(i);
                    }
                    else
                    {
                        items.add(String.valueOf(item));
                    }
                });
            }
            default -> object.put(key, value.toString());
        }
    }
}
