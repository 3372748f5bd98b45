package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A shell script run through {@code Main} with {@code --keep-going --json}: one JSON result per command. */
final class ShellScript
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShellScript()
    {
    }

    /** Runs {@code script} on the system {@code where} says ({@code --cores 2}, {@code --sim M}, ...); its results. */
    static List<JsonNode> run(final String script, final String... where)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final List<String> args = new ArrayList<>(List.of("--keep-going", "--json"));
        args.addAll(List.of(where));
        final int status = Main.run(args.toArray(String[]::new),
            new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out, true),
            new PrintWriter(err, true));
        final List<JsonNode> results = new ArrayList<>();
        for (final String line : out.toString().split("\n"))
        {
            if (!line.isBlank())
            {
                try
                {
                    results.add(JSON.readTree(line));
                }
                catch (final IOException e)
                {
                    throw new UncheckedIOException(line + "\n" + out + err, e);
                }
            }
        }
        assertTrue(status == 0 || status == 1, out + "\n" + err);
        return results;
    }

    /** "ok", or the code a result failed with. */
    static String code(final JsonNode result)
    {
        return result.get("ok").asBoolean() ? "ok" : result.get("error").asText();
    }
}
