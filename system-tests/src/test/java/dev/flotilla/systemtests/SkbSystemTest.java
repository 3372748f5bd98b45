package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flotilla skb}: a query asked by message from another core, natively and on the paper's machines. */
class SkbSystemTest
{
    private record Run(int status, String out, String err)
    {
        JsonNode json() throws Exception
        {
            return new ObjectMapper().readTree(out);
        }
    }

    private static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void theNativeSkbKnowsEveryCoreOfThisMachine() throws Exception
    {
        final Run run = run("skb", "core(C, Package, _, Node)", "--cores", "2", "--ping-rounds", "50", "--json");
        assertEquals(0, run.status(), run.err());
        final JsonNode solutions = run.json().get("solutions");
        assertEquals(2, solutions.size(), run.out());
        assertEquals(0, solutions.get(0).get("C").get("value").asInt());
        assertEquals(1, solutions.get(1).get("C").get("value").asInt());
    }

    @Test
    void theNumaTreeOnTheEightByFourAmdHasOneAggregatorPerOtherPackage() throws Exception
    {
        final Run run = run("skb", "multicast_tree(numa, 0, node(0, Children)), length(Children, N)", "--sim", "amd-8x4");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("N = 10"), "7 aggregators and the root's 3 package neighbours: " + run.out());
        assertTrue(run.out().contains("asked from core 31"), run.out());
    }

    @Test
    void transportChoiceAndPlacementOnASimulatedMachine()
    {
        final Run transport = run("skb", "transport(3, 3, A), transport(3, 12, B)", "--sim", "amd-4x4");
        assertEquals(0, transport.status(), transport.err());
        assertTrue(transport.out().contains("A = lmp, B = ump"), transport.out());
        final Run placement = run("skb", "place(web, [package(2)], C)", "--sim", "amd-4x4");
        assertEquals(0, placement.status(), placement.err());
        assertTrue(placement.out().contains("C = 8"), placement.out());
    }

    @Test
    void theSkbKnowsWhatRunsWhere()
    {
        // memserv and the SKB on core 0, memserv on the first core of every other node, spawnd on every core, and
        // the query's own task on the last core (asked from there by default)
        final Run run = run("skb", "dispatcher(Program, Core)", "--sim", "amd-4x4");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("Program = memserv, Core = 0\nProgram = skb, Core = 0\n"), run.out());
        final java.util.List<String> expected = new java.util.ArrayList<>(java.util.List.of("Program = memserv, Core = 4",
            "Program = memserv, Core = 8", "Program = memserv, Core = 12", "Program = task, Core = 15"));
        java.util.stream.IntStream.range(0, 16).forEach(core -> expected.add("Program = spawnd, Core = " + core));
        expected.forEach(line -> assertTrue(run.out().contains(line + "\n"), line + " in " + run.out()));
        assertTrue(run.out().contains("% 22 solutions"), run.out());
        final Run service = run("skb", "service(Name, Core)", "--sim", "amd-4x4", "--from-core", "6");
        // memserv.0 exports before the task starts; the other nodes' instances may still be adopting their RAM
        assertTrue(service.out().contains("Name = 'memserv.0', Core = 0\nName = skb, Core = 0\n"), service.out());
    }

    @Test
    void everyCoreKnowsTheBootsPhysicalMemoryOnItsOwnNode()
    {
        // 256 MiB over the 4 nodes of the 4x4-core AMD: 64 MiB each, node by node from 4 GiB up
        final Run run = run("skb", "local_memory(13, Base, Size)", "--sim", "amd-4x4", "--memory", "256M");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("Base = " + (0x1_0000_0000L + 3 * (64L << 20)) + ", Size = " + (64L << 20)),
            run.out());
        assertTrue(run.out().contains("% 1 solution"), run.out());
    }

    @Test
    void factsFromAFileAreAnswered(@TempDir final Path dir) throws Exception
    {
        final Path facts = dir.resolve("site.pl");
        Files.writeString(facts, "rack(0, a).\nrack(1, b).\n");
        final Run run = run("skb", "rack(1, R)", "--sim", "amd-2x2", "--facts", facts.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("R = b"), run.out());
    }

    @Test
    void badQueriesAnswerWithAClearErrorAndStatusOne() throws Exception
    {
        final Run syntax = run("skb", "core(", "--sim", "amd-2x2");
        assertEquals(1, syntax.status());
        assertTrue(syntax.err().contains("SKB_SYNTAX_ERROR"), syntax.err());
        final Run unknown = run("skb", "no_such_thing(X)", "--sim", "amd-2x2", "--json");
        assertEquals(1, unknown.status());
        assertTrue(unknown.json().get("error").asText().contains("UNKNOWN_PREDICATE: no_such_thing/1"), unknown.out());
        final Run runaway = run("skb", "repeat, fail", "--sim", "amd-2x2", "--steps", "5000");
        assertEquals(1, runaway.status());
        assertTrue(runaway.err().contains("SKB_STEP_BUDGET_EXHAUSTED"), runaway.err());
    }
}
