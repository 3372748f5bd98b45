package dev.flotilla.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The reports' JSON, one line, written in order as the report walks its result: a fluent face over
 * Jackson's streaming {@link JsonGenerator}, which does the commas, nesting and escaping. Non-finite numbers
 * are written as {@code null}.
 */
public final class Json
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private final StringWriter text = new StringWriter();
    private final JsonGenerator out;

    public Json()
    {
        try
        {
            out = FACTORY.createGenerator(text);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** A generator call that cannot fail on a string writer, except by misuse (which Jackson reports). */
    @FunctionalInterface
    private interface Write
    {
        void to(JsonGenerator generator) throws IOException;
    }

    private Json write(final Write write)
    {
        try
        {
            write.to(out);
            return this;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens an object (as a value, or after {@link #name}). */
    public Json beginObject()
    {
        return write(JsonGenerator::writeStartObject);
    }

    public Json endObject()
    {
        return write(JsonGenerator::writeEndObject);
    }

    /** Opens an array (as a value, or after {@link #name}). */
    public Json beginArray()
    {
        return write(JsonGenerator::writeStartArray);
    }

    public Json endArray()
    {
        return write(JsonGenerator::writeEndArray);
    }

    /** The name of the next field of the open object. */
    public Json name(final String name)
    {
        return write(g -> g.writeFieldName(name));
    }

    /** A string, or {@code null}. */
    public Json value(final String text)
    {
        return write(g -> g.writeString(text));
    }

    public Json value(final long number)
    {
        return write(g -> g.writeNumber(number));
    }

    /** A number; {@code null} if it is not finite. */
    public Json value(final double number)
    {
        return write(g ->
        {
            if (Double.isFinite(number))
            {
                g.writeNumber(number);
            }
            else
            {
                g.writeNull();
            }
        });
    }

    public Json value(final boolean flag)
    {
        return write(g -> g.writeBoolean(flag));
    }

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

    /** What has been written (whole once every container opened is closed). */
    @Override
    public String toString()
    {
        return write(JsonGenerator::flush).text.toString();
    }
}
