package dev.flotilla.bench.paper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Markdown table: a header row, an alignment row (text left, numbers right) and one row per result. Every
 * row has as many cells as the header; a cell never holds a line break or an unescaped {@code |}.
 */
public final class MarkdownTable
{
    private final List<String> header;
    private final boolean[] numeric;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param columns the column names; a name ending in {@code #} is a numeric column (right-aligned), the
     *                {@code #} is not shown.
     */
    public MarkdownTable(final String... columns)
    {
        if (columns.length == 0)
        {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        header = new ArrayList<>();
        numeric = new boolean[columns.length];
        for (int i = 0; i < columns.length; i++)
        {
            numeric[i] = columns[i].endsWith("#");
            header.add(cell(numeric[i] ? columns[i].substring(0, columns[i].length() - 1) : columns[i]));
        }
    }

    /** Adds a row: strings as they are, numbers through {@link #number}. */
    public MarkdownTable row(final Object... cells)
    {
        if (cells.length != header.size())
        {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + header.size()
                + " columns: " + Arrays.toString(cells));
        }
        final List<String> row = new ArrayList<>();
        for (final Object value : cells)
        {
            row.add(cell(value instanceof Number n ? number(n.doubleValue()) : String.valueOf(value)));
        }
        rows.add(row);
        return this;
    }

    /** How many rows it has, the header not counted. */
    public int rows()
    {
        return rows.size();
    }

    /** A number as the tables print it: thousands separated, no decimals from 100 up, two significant ones below. */
    public static String number(final double value)
    {
        if (Double.isNaN(value))
        {
            return "-";
        }
        if (Math.abs(value) >= 100 || value == Math.rint(value))
        {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }

    /** The table, ending in a line break. */
    public String render()
    {
        final StringBuilder text = new StringBuilder();
        line(text, header);
        final List<String> rule = new ArrayList<>();
        for (final boolean right : numeric)
        {
            rule.add(right ? "---:" : "---");
        }
        line(text, rule);
        rows.forEach(row -> line(text, row));
        return text.toString();
    }

    private static void line(final StringBuilder text, final List<String> cells)
    {
        text.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    private static String cell(final String value)
    {
        return value.replace("\n", " ").replace("|", "\\|");
    }

    @Override
    public String toString()
    {
        return render();
    }
}
