package dev.flotilla.systemtests;

import static dev.flotilla.systemtests.ShellScript.run;
import static dev.flotilla.systemtests.ShellScript.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
            results.stream().map(ShellScript::code).toList(), results.toString());
        assertEquals("[\"A = 1, B = 1, T = ump\"]", results.get(1).get("solutions").toString());
        assertEquals("[\"A = 1, B = 1, T = ump\"]", results.get(5).get("solutions").toString(),
            "core 1 may ask, and its refused writes changed nothing");
        assertTrue(results.get(2).get("message").asText().contains("SKB write capability"), results.get(2).toString());
        assertEquals(0, results.get(12).get("solutions").size(), "core 1 retracted it once it presented a copy with W");
    }
}
