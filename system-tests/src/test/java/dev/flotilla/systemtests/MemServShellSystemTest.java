package dev.flotilla.systemtests;

import static dev.flotilla.systemtests.ShellScript.run;
import static dev.flotilla.systemtests.ShellScript.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * memserv through the shell, end to end: {@code caps alloc} from the node asked for (or the core's own),
 * {@code mem} with every instance's free memory going down by what was handed out, memory mapped on a core other than 0
 * from RAM its own node's instance gave, and bad requests answered with their codes while nothing changes.
 */
class MemServShellSystemTest
{
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"native:2", "sim:amd-4x4"})
    void capsAllocAndMemGoThroughMemserv(final String machine)
    {
        final String[] where = machine.startsWith("native")
            ? new String[] {"--cores", "2", "--ping-rounds", "20"}
            : new String[] {"--sim", machine.substring("sim:".length())};
        final int nodes = machine.startsWith("native") ? -1 : 4;
        final String last = nodes > 0 ? "3" : "0";
        final String other = nodes > 0 ? "5" : "1"; // on the 4x4 AMD, core 5 is on node 1
        final String script = String.join("\n",
            "mem",
            "caps alloc a 64K",
            "caps alloc b 2M node " + last,
            "mem",
            "caps alloc c 3K", // not a power of two
            "caps alloc d 2K", // below 4 KiB
            "caps alloc e 4K node 9", // no such node
            "caps alloc f 512G", // more than exists
            "caps alloc a 4K", // name taken
            "caps alloc g 4K sideways 1", // usage
            "on " + other + " caps alloc h 16K",
            "on " + other + " caps retype h frame 0 16K 1 hf",
            "on " + other + " map hf 0x40000000",
            "on " + other + " poke 0x40000008 77",
            "on " + other + " peek 0x40000008",
            "caps delete a",
            "caps delete b",
            "caps",
            "halt") + "\n";
        final List<JsonNode> results = run(script, where);
        final List<String> codes = results.stream().map(ShellScript::code).toList();
        assertEquals(List.of("ok", "ok", "ok", "ok", "MEMSERV_INVALID_SIZE", "MEMSERV_INVALID_SIZE",
            "MEMSERV_INVALID_NODE", "OUT_OF_MEMORY", "SHELL_NAME_IN_USE", "SHELL_USAGE", "ok", "ok", "ok", "ok", "ok", "ok",
            "ok", "ok", "ok"), codes, results.toString());
        final JsonNode before = results.get(0);
        final JsonNode a = results.get(1);
        final JsonNode b = results.get(2);
        final JsonNode after = results.get(3);
        assertEquals("ram", a.get("type").asText());
        assertEquals(65536, a.get("size").asLong());
        assertEquals(0, a.get("node").asInt(), "core 0 is served by its own node first");
        assertEquals(2L << 20, b.get("size").asLong());
        assertEquals(Integer.parseInt(last), b.get("node").asInt(), "the node asked for");
        assertEquals(0, Long.decode(b.get("base").asText()) % (2L << 20), "a buddy block is aligned to its size");
        final int instances = nodes > 0 ? nodes : before.get("memserv").size();
        assertEquals(instances, before.get("memserv").size(), "one memserv instance per NUMA node");
        assertEquals(before.get("free").asLong() - 65536 - (2L << 20), after.get("free").asLong(), after.toString());
        assertEquals(before.get("memserv_total").asLong(), before.get("free").asLong(), "nothing handed out at first");
        for (final JsonNode instance : before.get("memserv"))
        {
            assertTrue(instance.get("free").asLong() > 0, instance.toString());
        }
        if (nodes > 0)
        {
            final JsonNode last3 = after.get("memserv").get(3);
            assertEquals(1, last3.get("out").asInt(), after.toString());
            assertEquals(12, last3.get("core").asInt(), "node 3's instance runs on its lowest core");
        }
        final JsonNode h = results.get(10);
        assertEquals(16384, h.get("size").asLong());
        assertEquals(nodes > 0 ? 1 : 0, h.get("node").asInt(), "RAM from the instance of the core's own node");
        assertEquals(77, results.get(14).get("value").asLong(), results.get(14).toString());
        final List<String> names = new ArrayList<>();
        results.get(results.size() - 2).get("caps").forEach(c -> names.add(c.get("name").asText()));
        assertEquals(List.of("ram", "skbwrite"), names, "bad requests bound nothing");
    }
}
