package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Only holders of the SKB write capability change the SKB, through the shell, natively and on a simulated machine:
 * the shell's first dispatcher (the boot task, which init trusts) asserts; its dispatcher on core 1 holds nothing
 * and is refused, the facts unchanged, while its queries are answered; a copy without W is no write capability; a
 * copy with W, handed to core 1 and presented there, lets core 1 retract.
 */
class SkbWriteShellSystemTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> run(final String script, final String... where)
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

    private static String code(final JsonNode result)
    {
        return result.get("ok").asBoolean() ? "ok" : result.get("error").asText();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"native:2", "sim:amd-2x2"})
    void onlyAHolderOfTheWriteCapabilityAssertsOrRetracts(final String machine)
    {
        final String[] where = machine.startsWith("native")
            ? new String[] {"--cores", "2", "--ping-rounds", "20"}
            : new String[] {"--sim", machine.substring("sim:".length())};
        final String overrides = "skb transport_override(A, B, T)";
        final String script = String.join("\n",
            "skb assert transport_override(1, 1, ump)",
            overrides,
            "on 1 skb assert transport_override(1, 0, lmp)",
            "on 1 skb retract transport_override(1, 1, ump)",
            "on 1 skb 'assertz(transport_override(1, 0, lmp))'",
            "on 1 " + overrides,
            "caps mint skbwrite ro RGI",
            "caps copy ro ro1 to 1",
            "on 1 skb present ro1",
            "caps copy skbwrite w to 1",
            "on 1 skb present w",
            "on 1 skb retract transport_override(1, 1, ump)",
            overrides,
            "skb retract transport_override(1, 1, ump)",
            "halt") + "\n";
        final List<JsonNode> results = run(script, where);
        assertEquals(List.of("ok", "ok", "SKB_WRITE_REFUSED", "SKB_WRITE_REFUSED", "SKB_WRITE_REFUSED", "ok", "ok", "ok",
            "SKB_NOT_WRITE_CAPABILITY", "ok", "ok", "ok", "ok", "SKB_NO_ANSWER", "ok"),
            results.stream().map(SkbWriteShellSystemTest::code).toList(), results.toString());
        assertEquals("[\"A = 1, B = 1, T = ump\"]", results.get(1).get("solutions").toString());
        assertEquals("[\"A = 1, B = 1, T = ump\"]", results.get(5).get("solutions").toString(),
            "core 1 may ask, and its refused writes changed nothing");
        assertTrue(results.get(2).get("message").asText().contains("SKB write capability"), results.get(2).toString());
        assertEquals(0, results.get(12).get("solutions").size(), "core 1 retracted it once it presented a copy with W");
    }
}
