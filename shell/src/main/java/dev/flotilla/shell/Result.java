package dev.flotilla.shell;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a command that succeeded produced: the text it prints, and the same result as JSON fields (the shell
 * adds {@code "ok": true}).
 *
 * @param text   the plain output (may be empty).
 * @param fields the JSON form.
 */
public record Result(String text, ObjectNode fields)
{
    /** A result with text only and no fields. */
    public static Result of(final String text)
    {
        return new Result(text, object());
    }

    /** An empty JSON object to fill. */
    public static ObjectNode object()
    {
        return JsonNodeFactory.instance.objectNode();
    }
}
