package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shell end to end: every command through a script, in plain and JSON mode, on native cores and on a
 * simulated machine; the script rules (stop at the first failure with its line, --keep-going, end of input
 * halts); bad input answered with the system's codes while the shell goes on.
 */
class ShellSystemTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int status, String out, String err)
    {
        /** Every output line parsed as a JSON object (JSON mode prints exactly one per command). */
        List<JsonNode> results()
        {
            final List<JsonNode> results = new ArrayList<>();
            for (final String line : out.split("\n"))
            {
                if (!line.isBlank())
                {
                    try
                    {
                        results.add(JSON.readTree(line));
                    }
                    catch (final IOException e)
                    {
                        throw new UncheckedIOException("not one JSON object per line: " + line + "\n" + out, e);
                    }
                }
            }
            return results;
        }
    }

    private static Run shell(final String input, final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final InputStream in = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        final int status = Main.run(args, in, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    private static String script() throws IOException
    {
        try (InputStream in = ShellSystemTest.class.getResourceAsStream("/fish/every-command.fish"))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The script's commands, without comments and blank lines, in order. */
    private static List<String> commands(final String script)
    {
        return Stream.of(script.split("\n")).map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"native:2", "sim:amd-2x2"})
    void everyCommandAnswersOneJsonObject(final String machine, @TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("every.fish");
        Files.writeString(file, script());
        final String[] where = machine.startsWith("native")
            ? new String[] {"--cores", machine.substring("native:".length()), "--ping-rounds", "50"}
            : new String[] {"--sim", machine.substring("sim:".length())};
        final List<String> args = new ArrayList<>(List.of("run", file.toString(), "--json"));
        args.addAll(List.of(where));
        final Run run = shell("", args.toArray(String[]::new));
        assertEquals(0, run.status(), run.out() + run.err());
        final List<String> commands = commands(script());
        final List<JsonNode> results = run.results();
        assertEquals(commands.size(), results.size(), run.out());
        final int cores = machine.equals("native:2") ? 2 : 4;
        for (int i = 0; i < commands.size(); i++)
        {
            assertTrue(results.get(i).get("ok").asBoolean(), commands.get(i) + " -> " + results.get(i));
        }
        final Map<String, JsonNode> by = new java.util.LinkedHashMap<>();
        for (int i = 0; i < commands.size(); i++)
        {
            by.putIfAbsent(commands.get(i), results.get(i));
        }
        // cores: one row per core, placed on a CPU, each with its monitor and at least one more dispatcher
        final JsonNode rows = by.get("cores").get("cores");
        assertEquals(cores, rows.size());
        for (int core = 0; core < cores; core++)
        {
            assertEquals(core, rows.get(core).get("core").asInt());
            assertTrue(rows.get(core).get("dispatchers").asInt() >= 2, rows.toString());
            assertTrue(rows.get(core).get("msgs_in").asLong() > 0, rows.toString());
        }
        // ps: the shell spans every core
        final JsonNode fish = by.get("ps").get("domains").get(0);
        assertEquals("fish", fish.get("name").asText());
        assertEquals(cores, fish.get("cores").size());
        assertTrue(fish.get("threads").asInt() >= cores, "at least one thread in each of its dispatchers: " + fish);
        // the capability operations, and memory through the shell's own page tables
        final JsonNode f2 = by.get("caps identify f2");
        assertEquals("frame", f2.get("type").asText());
        assertEquals(4096, f2.get("size").asLong());
        assertEquals("RWXGI", f2.get("rights").asText());
        final JsonNode ram = by.get("caps").get("caps").get(0);
        assertEquals("ram", ram.get("name").asText());
        assertEquals(Long.decode(ram.get("base").asText()) + 2 * 4096, f2.get("base").asLong(), "f2 is the third 4K of ram");
        assertEquals("R---I", by.get("caps identify ro").get("rights").asText());
        assertEquals(0x1234abcd, by.get("peek 0x40000008").get("value").asLong());
        assertEquals(List.of("f3copy"), texts(by.get("caps revoke f3").get("gone")));
        final List<String> left = new ArrayList<>();
        results.get(commands.lastIndexOf("caps")).get("caps").forEach(c -> left.add(c.get("name").asText()));
        assertEquals(List.of("ram", "skbwrite", "f0", "f1", "f3", "ro"), left);
        // the SKB, asked by message
        assertEquals(cores, by.get("skb core(C, P, _, N)").get("solutions").size());
        assertEquals(cores, by.get("skb tree 0 numa").get("cores").asInt());
        assertTrue(by.get("skb facts core").get("facts").get(0).asText().startsWith("core(0, "));
        // round trips between the shell's dispatchers, from core 0 and from core 1
        final JsonNode ping = by.get("ping 1 200");
        assertEquals(200, ping.get("count").asInt());
        assertTrue(ping.get("min_ns").asLong() > 0 && ping.get("min_ns").asLong() <= ping.get("median_ns").asLong()
            && ping.get("median_ns").asLong() <= ping.get("p99_ns").asLong(), ping.toString());
        assertEquals(1, by.get("on 1 ping 0 100").get("from").asInt());
        // names are per core: core 1's shell holds only the frame sent to it, through the monitors
        final JsonNode onCore1 = by.get("on 1 caps").get("caps");
        assertEquals(1, onCore1.size(), onCore1.toString());
        assertEquals("f1", onCore1.get(0).get("name").asText());
        assertEquals("frame", onCore1.get(0).get("type").asText());
        assertEquals(Long.decode(ram.get("base").asText()) + 4096, Long.decode(onCore1.get(0).get("base").asText()));
        assertEquals(1, onCore1.get(0).get("owner").asInt(), "nothing derives from f1 on core 0: ownership moved with it");
        assertTrue(onCore1.get(0).get("remote").asText().startsWith("c"), "a copy exists on core 0: " + onCore1);
        final JsonNode sentFrom = results.get(commands.lastIndexOf("caps")).get("caps").get(3); // after ram, skbwrite, f0
        assertEquals("f1", sentFrom.get("name").asText());
        assertTrue(sentFrom.get("remote").asText().startsWith("c"), "core 0 knows of the copy on core 1: " + sentFrom);
        assertEquals(1, sentFrom.get("owner").asInt(), sentFrom.toString());
        // distributed operations: core 0 retypes f1, which core 1 owns; core 1 deletes its last copy of f0, whose
        // ownership moves back; a revoke on core 0 empties core 1's slots
        assertEquals(List.of("ro", "h"), texts(by.get("caps revoke f1").get("gone")), "f1's copy and descendant here");
        assertEquals(0, results.get(commands.lastIndexOf("on 1 caps")).get("caps").size(),
            results.get(commands.lastIndexOf("on 1 caps")).toString());
        // chan: the channel to core 1's shell dispatcher is UMP (a simulated channel on the simulator)
        boolean umpToCore1 = false;
        for (final JsonNode channel : by.get("chan").get("channels"))
        {
            umpToCore1 |= channel.get("to").asText().equals("fish.1") && channel.get("sent").asLong() >= 300;
        }
        assertTrue(umpToCore1, by.get("chan").toString());
        assertEquals(1, by.get("top --count 1").get("frames").size());
        assertEquals(cores, by.get("top --count 1").get("frames").get(0).get("cores").size());
        // a spawned domain shows in ps (one that stays until the halt: span-all ends by itself once its roll call is
        // complete, which under load can be before ps runs)
        final JsonNode spawned = by.get("spawn hold 0 stay span");
        boolean listed = false;
        for (final JsonNode domain : results.get(commands.lastIndexOf("ps")).get("domains"))
        {
            listed |= domain.get("id").asText().equals(spawned.get("id").asText());
        }
        assertTrue(listed, run.out());
        assertTrue(by.get("halt").get("halting").asBoolean());
    }

    private static List<String> texts(final JsonNode array)
    {
        final List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    @Test
    void plainModeOnTheSimulatorPrintsTables() throws IOException
    {
        final Run run = shell("cores\nskb tree 0 multicast\ncaps retype ram frame 0 8K 1 big\ncaps identify big\nhalt\n",
            "--sim", "amd-4x4");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("core  cpu  package  node"), run.out());
        assertTrue(run.out().contains("multicast from core 0: 16 cores, depth 2"), run.out());
        assertTrue(run.out().contains("big: frame base 0x"), run.out());
        assertTrue(run.out().contains("size 8192"), run.out());
        assertTrue(run.out().strip().endsWith("halting"), run.out());
    }

    @Test
    void spawnWithoutACoreIsPlacedByTheSkbWhereLeastRuns()
    {
        final String ask = "skb place('span-all', [avoid_busy], C)\n";
        final Run run = shell(ask + "spawn span-all\n" + ask + "spawn span-all\nspawn span-all on 0\nhalt\n",
            "--sim", "amd-2x2", "--json");
        assertEquals(0, run.status(), run.err());
        final List<JsonNode> results = run.results();
        for (int i = 0; i < 4; i += 2)
        {
            final String placed = results.get(i).get("solutions").get(0).asText();
            final JsonNode spawned = results.get(i + 1);
            assertTrue(spawned.get("placed_by_skb").asBoolean(), spawned.toString());
            assertEquals(placed, "C = " + spawned.get("core").asInt(), "spawn follows the SKB's answer: " + run.out());
        }
        // core 0 runs memserv, the SKB and the shell's first dispatcher: the least loaded cores come first
        assertTrue(results.get(1).get("core").asInt() != 0, run.out());
        assertEquals(0, results.get(4).get("core").asInt());
        assertFalse(results.get(4).get("placed_by_skb").asBoolean());
    }

    @Test
    void benchRunsTheBenchmarksOnTheHostBesideTheSystem()
    {
        final Path jar = Path.of("..", "bench", "target", "flotilla-bench.jar").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), "the bench module packages its jar before system-tests run: " + jar);
        final String before = System.getProperty("flotilla.bench.jar");
        try
        {
            System.setProperty("flotilla.bench.jar", jar.toString());
            final Run run = shell("bench --help\nbench nonsense\n", "--cores", "2", "--ping-rounds", "20", "--json",
                "--keep-going");
            final List<JsonNode> results = run.results();
            assertEquals(2, results.size(), run.out());
            assertTrue(results.get(0).get("output").asText().contains("benchmarks:"), results.get(0).toString());
            assertEquals("SHELL_BENCH_FAILED", results.get(1).get("error").asText());
            assertTrue(results.get(1).get("message").asText().contains("unknown benchmark 'nonsense'"),
                results.get(1).toString());
            System.setProperty("flotilla.bench.jar", jar.resolveSibling("missing.jar").toString());
            final Run without = shell("bench threads --quick\n", "--cores", "1", "--ping-rounds", "20", "--json");
            assertEquals("NOT_AVAILABLE", without.results().getFirst().get("error").asText(), without.out());
        }
        finally
        {
            if (before == null)
            {
                System.clearProperty("flotilla.bench.jar");
            }
            else
            {
                System.setProperty("flotilla.bench.jar", before);
            }
        }
    }

    @Test
    void aScriptStopsAtItsFirstFailingCommandNamingTheLine()
    {
        final Run run = shell("caps\ncaps identify nothing\ncaps retype ram frame 0 4K 1 never\nhalt\n", "--cores", "2",
            "--ping-rounds", "20");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("line 2: SHELL_NAME_NOT_BOUND: no capability is named 'nothing'"), run.err());
        assertTrue(run.err().contains("stopped at line 2"), run.err());
        assertFalse(run.out().contains("never"), "nothing after the failing line runs: " + run.out());
    }

    @Test
    void keepGoingRunsOnAndStillFails()
    {
        final Run run = shell("frobnicate\ncaps retype ram frame 0 4K 1 still\ncaps identify still\n", "--cores", "2",
            "--ping-rounds", "20", "--keep-going", "--json");
        assertEquals(1, run.status(), run.err());
        final List<JsonNode> results = run.results();
        assertEquals(3, results.size(), run.out());
        assertEquals("SHELL_UNKNOWN_COMMAND", results.get(0).get("error").asText());
        assertTrue(results.get(0).get("message").asText().contains("commands: bench, caps"), results.get(0).toString());
        assertEquals("frame", results.get(2).get("type").asText());
        assertTrue(run.err().contains("the first at line 1"), run.err());
    }

    @Test
    void theEndOfTheInputHaltsTheSystem()
    {
        final Run run = shell("", "--cores", "2", "--ping-rounds", "20");
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.out());
    }

    @Test
    void badInputGivesTheCodeAndUsageAndChangesNothing()
    {
        final String input = String.join("\n",
            "caps retype ram frame 0 4K", // missing NAME
            "caps retype ram marble 0 4K 1 m", // bad type
            "caps retype ram frame 0 4Q 1 m", // bad size
            "caps retype nothing frame 0 4K 1 m", // unbound source
            "caps retype ram frame 0 4K 2 m", // fine: m0, m1
            "caps retype ram frame 0 4K 1 again", // overlaps m0
            "caps mint m0 m0 R", // name taken
            "caps mint m0 weak Q", // bad rights
            "on 9 caps", // no such core
            "on", // missing core and command
            "ping 0", // to itself
            "ping x", // not a core
            "span 0.99 1", // no such domain
            "span nonsense 1",
            "kill 0.1", // the shell itself
            "spawn no-such-domain",
            "skb tree 0 sideways",
            "skb no_such_predicate(X)",
            "skb facts nonsense",
            "peek 0x40000000", // nothing mapped
            "map m1 0x40000000",
            "poke 0x40000001 1", // unaligned
            "caps 'unclosed",
            "caps",
            "halt");
        final Run run = shell(input + "\n", "--cores", "2", "--ping-rounds", "20", "--keep-going", "--json");
        final List<JsonNode> results = run.results();
        final List<String> codes = new ArrayList<>();
        results.forEach(r -> codes.add(r.get("ok").asBoolean() ? "ok" : r.get("error").asText()));
        assertEquals(List.of("SHELL_USAGE", "SHELL_USAGE", "SHELL_USAGE", "SHELL_NAME_NOT_BOUND", "ok", "REVOKE_FIRST",
            "SHELL_NAME_IN_USE", "SHELL_USAGE", "INVALID_CORE", "SHELL_USAGE", "SHELL_USAGE", "SHELL_USAGE",
            "DOMAIN_NOT_FOUND", "SHELL_USAGE", "SHELL_USAGE", "PROGRAM_NOT_FOUND", "SHELL_USAGE", "SKB_UNKNOWN_PREDICATE",
            "SHELL_USAGE", "VSPACE_NOT_MAPPED", "ok", "VSPACE_INVALID_ADDRESS", "SHELL_USAGE", "ok", "ok"), codes, run.out());
        assertTrue(results.get(0).get("message").asText().contains("usage: caps retype SRC TYPE OFFSET OBJSIZE COUNT NAME"),
            results.get(0).toString());
        // nothing changed but the one good retype
        final List<String> names = new ArrayList<>();
        results.get(results.size() - 2).get("caps").forEach(c -> names.add(c.get("name").asText()));
        assertEquals(List.of("ram", "skbwrite", "m0", "m1"), names);
        assertEquals(1, run.status());
    }
}
