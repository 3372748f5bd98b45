package dev.flotilla.skb;

import dev.flotilla.base.ErrorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade: facts files, runtime facts, measurements, and bad input that must leave the SKB serving. */
final class SystemKnowledgeBaseTest
{
    @TempDir
    Path temp;

    private final SystemKnowledgeBase skb = PaperMachines.amd2x2().skb();

    @Test
    void aFactsFileAddsFactsAndRules() throws IOException
    {
        final Path file = write("site.pl", """
            % facts about this site
            memory_range(0, 0, 4294967296).
            service_constraint(netd, node(1)).
            uplink(3).
            nearest_uplink(Core, U) :- uplink(U), link_cost(Core, U, _).
            """);
        skb.consultFacts(file);
        assertEquals(List.of(new MemoryRange(0, 4294967296L)), skb.localMemory(0));
        assertEquals(2, skb.place("netd", List.of()));
        assertEquals(List.of("U = 3"), skb.query("nearest_uplink(0, U)").solutionTexts());
    }

    @Test
    void aMalformedFactsFileGivesFileLineAndTheParseError() throws IOException
    {
        final Path file = write("bad.pl", "memory_range(0, 0, 4096).\nservice(netd, 1).\nuplink(3 .\n");
        final SkbException e = assertThrows(SkbException.class, () -> skb.consultFacts(file));
        assertEquals(ErrorCode.SKB_SYNTAX_ERROR, e.code());
        assertEquals(file.toString(), e.source());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(file + ":3:"), e.getMessage());
        assertTrue(skb.query("true").succeeded());
    }

    @Test
    void aMissingFactsFileIsUnreadable()
    {
        final SkbException e = assertThrows(SkbException.class, () -> skb.consultFacts(temp.resolve("none.pl")));
        assertEquals(ErrorCode.SKB_UNREADABLE_SOURCE, e.code());
    }

    @Test
    void aFactsFileCannotRedefineARule() throws IOException
    {
        final Path file = write("evil.pl", "transport(_, _, carrier_pigeon).\n");
        final SkbException e = assertThrows(SkbException.class, () -> skb.consultFacts(file));
        assertEquals(ErrorCode.SKB_EVALUATION_ERROR, e.code());
        assertEquals(Transport.UMP, skb.transport(0, 1));
    }

    @Test
    void servicesMoveAndDomainsSpanCores()
    {
        skb.assertService("memserv", 0);
        skb.assertService("memserv", 2);
        assertEquals(List.of("C = 2"), skb.query("service(memserv, C)").solutionTexts());
        skb.assertDispatcher("web", 1);
        skb.assertDispatcher("web", 3);
        assertEquals(List.of("C = 1", "C = 3"), skb.query("dispatcher(web, C)").solutionTexts());
        skb.retractService("memserv");
        skb.retractDomain("web");
        assertFalse(skb.query("service(_, _) ; dispatcher(_, _)").succeeded());
    }

    @Test
    void measurementsAreReplacedOnRefreshAndMayBePartial()
    {
        assertEquals(12, skb.query("message_rtt(_, _, _)").solutions().size());
        skb.assertRoundTrips(new long[][] {{0, 100}, {120, 0}});
        assertEquals(List.of("A = 0, B = 1, T = 100", "A = 1, B = 0, T = 120"),
            skb.query("message_rtt(A, B, T)").solutionTexts());
        assertEquals(List.of("C = 220"), skb.query("link_cost(0, 1, C)").solutionTexts());
        assertEquals(List.of("C = 16"), skb.query("link_cost(0, 3, C)").solutionTexts(), "unmeasured: estimated");
        final SkbException e = assertThrows(SkbException.class, () -> skb.assertRoundTrips(new long[][] {{0, 1}}));
        assertEquals(ErrorCode.SKB_INVALID_FACT, e.code());
        assertEquals(2, skb.query("message_rtt(_, _, _)").solutions().size(), "a refused refresh changes nothing");
    }

    @Test
    void queryErrorsAreClearAndTheSkbKeepsServing()
    {
        assertEquals(ErrorCode.SKB_SYNTAX_ERROR, assertThrows(SkbException.class, () -> skb.query("core(X")).code());
        final SkbException unknown = assertThrows(SkbException.class, () -> skb.query("cores(X)"));
        assertEquals(ErrorCode.SKB_UNKNOWN_PREDICATE, unknown.code());
        assertEquals("query: SKB_UNKNOWN_PREDICATE: cores/1", unknown.getMessage());
        final SkbException runaway = assertThrows(SkbException.class, () -> skb.query("repeat, fail", 1, 10_000));
        assertEquals(ErrorCode.SKB_STEP_BUDGET_EXHAUSTED, runaway.code());
        assertEquals(List.of(0, 1, 2, 3), skb.cores());
    }

    /** JSON compared as trees: an object's members in any order. */
    private static void assertJson(final String expected, final String actual)
    {
        try
        {
            final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            assertEquals(json.readTree(expected), json.readTree(actual), actual);
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException malformed)
        {
            throw new AssertionError(malformed);
        }
    }

    @Test
    void answersHaveAJsonForm()
    {
        final QueryAnswer answer = skb.query("transport(0, B, T), B < 2", 5, 1000);
        assertJson("{\"goal\":\"transport(0, B, T), B < 2\",\"solutions\":["
            + "{\"B\":{\"value\":0,\"text\":\"0\"},\"T\":{\"value\":\"lmp\",\"text\":\"lmp\"}},"
            + "{\"B\":{\"value\":1,\"text\":\"1\"},\"T\":{\"value\":\"ump\",\"text\":\"ump\"}}],"
            + "\"complete\":true,\"steps\":" + answer.steps() + ",\"output\":\"\"}", answer.toJson());
    }

    @Test
    void termsPrintAsPrologThatReadsBack()
    {
        final Term term = new Term.Compound("f", List.of(new Term.Atom("It's"), new Term.Atom("[]"),
            new Term.PList(List.of(new Term.Int(-3), new Term.Real(0.5))), new Term.Atom("a b")));
        assertEquals("f('It\\'s',[],[-3,0.5],'a b')", term.toString());
        assertEquals(List.of("X = " + term), skb.query("X = " + term).solutionTexts());
        assertJson("{\"functor\":\"f\",\"args\":[\"It's\",\"[]\",[-3,0.5],\"a b\"]}", term.toJson().toString());
    }

    private Path write(final String name, final String text) throws IOException
    {
        final Path file = temp.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
