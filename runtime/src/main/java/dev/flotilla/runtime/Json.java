package dev.flotilla.runtime;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A minimal streaming JSON writer for reports: objects, arrays, strings, numbers and booleans,
 * with commas and escaping handled. Output is one line.
 */
public final class Json
{
    private final StringBuilder out = new StringBuilder();
    private final Deque<Boolean> first = new ArrayDeque<>(); // per open container: nothing written yet

    /** Opens an object (as a value, or after {@link #name}). */
    public Json beginObject()
    {
        value();
        out.append('{');
        first.push(true);
        return this;
    }

    public Json endObject()
    {
        first.pop();
        out.append('}');
        return this;
    }

    public Json beginArray()
    {
        value();
        out.append('[');
        first.push(true);
        return this;
    }

    public Json endArray()
    {
        first.pop();
        out.append(']');
        return this;
    }

    /** Writes a member name inside an object; the next call writes its value. */
    public Json name(final String name)
    {
        comma();
        string(name);
        out.append(':');
        return this;
    }

    public Json value(final String text)
    {
        value();
        if (text == null)
        {
            out.append("null");
        }
        else
        {
            string(text);
        }
        return this;
    }

    public Json value(final long number)
    {
        value();
        out.append(number);
        return this;
    }

    public Json value(final double number)
    {
        value();
        out.append(Double.isFinite(number) ? Double.toString(number) : "null");
        return this;
    }

    public Json value(final boolean flag)
    {
        value();
        out.append(flag);
        return this;
    }

    /** Shorthand for {@code name(n).value(v)}. */
    public Json field(final String name, final String text)
    {
        return name(name).value(text);
    }

    public Json field(final String name, final long number)
    {
        return name(name).value(number);
    }

    public Json field(final String name, final boolean flag)
    {
        return name(name).value(flag);
    }

    private boolean afterName()
    {
        return out.length() > 0 && out.charAt(out.length() - 1) == ':';
    }

    private void value()
    {
        if (!afterName())
        {
            comma();
        }
    }

    private void comma()
    {
        if (!first.isEmpty())
        {
            if (!first.peek())
            {
                out.append(',');
            }
            first.pop();
            first.push(false);
        }
    }

    private void string(final String text)
    {
        out.append(dev.flotilla.skb.Json.string(text));
    }

    @Override
    public String toString()
    {
        return out.toString();
    }
}
