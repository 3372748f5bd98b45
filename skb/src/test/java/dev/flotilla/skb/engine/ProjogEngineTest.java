package dev.flotilla.skb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.skb.QueryAnswer;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.skb.SkbException;
import dev.flotilla.skb.Term;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine contract on Projog: answers, errors that leave it serving, the step budget and the sandbox. */
final class ProjogEngineTest
{
    private static final long BUDGET = 100_000;

    private final ProjogEngine engine = new ProjogEngine();

    @Test
    void answersInOrderWithTypedTerms()
    {
        consult("edge(a, 1). edge(b, 2.5). edge('Big Box', [x, f(y)]).");
        final QueryAnswer answer = engine.query("edge(Name, Value)", 10, BUDGET);
        assertTrue(answer.complete());
        assertEquals(List.of(
                Map.of("Name", new Term.Atom("a"), "Value", new Term.Int(1)),
                Map.of("Name", new Term.Atom("b"), "Value", new Term.Real(2.5)),
                Map.of("Name", new Term.Atom("Big Box"), "Value", new Term.PList(List.of(new Term.Atom("x"),
                    new Term.Compound("f", List.of(new Term.Atom("y"))))))),
            answer.solutions());
        assertEquals("Name = 'Big Box', Value = [x,f(y)]", answer.solutionTexts().get(2));
    }

    @Test
    void stopsAtTheSolutionLimitAndSaysSo()
    {
        final QueryAnswer answer = engine.query("between(1, 5, X)", 2, BUDGET);
        assertEquals(2, answer.solutions().size());
        assertFalse(answer.complete());
    }

    @Test
    void underscoreVariablesAreLeftOutAndFailureIsAnEmptyAnswer()
    {
        assertEquals(List.of(Map.of("X", new Term.Int(1))), engine.query("X = 1, _Y = 2", 5, BUDGET).solutions());
        final QueryAnswer none = engine.query("1 = 2", 5, BUDGET);
        assertFalse(none.succeeded());
        assertTrue(none.complete());
    }

    @Test
    void preparedGoalsTakeBoundInputs()
    {
        consult("double(X, Y) :- Y is 2 * X.");
        final LogicEngine.PreparedGoal goal = engine.prepare("double(In, Out)");
        assertEquals(Map.of("Out", new Term.Int(14)),
            engine.solve(goal, Map.of("In", new Term.Int(7)), 1, BUDGET).solutions().getFirst());
        assertEquals(Map.of("Out", new Term.Int(8)),
            engine.solve(goal, Map.of("In", new Term.Int(4)), 1, BUDGET).solutions().getFirst());
    }

    @Test
    void syntaxErrorInAQueryHasAPositionAndTheEngineKeepsServing()
    {
        final SkbException e = assertThrows(SkbException.class, () -> engine.query("X = foo(", 1, BUDGET));
        assertEquals(ErrorCode.SKB_SYNTAX_ERROR, e.code());
        assertEquals(ProjogEngine.QUERY_SOURCE, e.source());
        assertEquals(1, e.line());
        assertTrue(engine.query("true", 1, BUDGET).succeeded());
    }

    @Test
    void syntaxErrorInConsultedTextNamesSourceAndLine()
    {
        final SkbException e = assertThrows(SkbException.class,
            () -> engine.consult("facts.pl", new StringReader("ok(1).\nok(2).\nbad(3 .\nok(4).\n"), BUDGET));
        assertEquals(ErrorCode.SKB_SYNTAX_ERROR, e.code());
        assertEquals("facts.pl", e.source());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("facts.pl:3:"), e.getMessage());
    }

    @Test
    void unknownPredicateIsAnErrorNotAFailure()
    {
        final SkbException e = assertThrows(SkbException.class, () -> engine.query("no_such(X, Y)", 1, BUDGET));
        assertEquals(ErrorCode.SKB_UNKNOWN_PREDICATE, e.code());
        assertEquals("no_such/2", e.detail());
        assertTrue(engine.query("true", 1, BUDGET).succeeded());
    }

    @Test
    void dynamicPredicatesMayBeEmpty()
    {
        engine.declareDynamic("service", 2);
        assertFalse(engine.query("service(S, C)", 1, BUDGET).succeeded());
        consult("service(memserv, 0).");
        assertTrue(engine.query("service(memserv, 0)", 1, BUDGET).succeeded());
        engine.retractAll("service", 2);
        assertFalse(engine.query("service(_, _)", 1, BUDGET).succeeded());
    }

    @ParameterizedTest
    @ValueSource(strings = {"loop", "count(0)", "repeat, fail", "between(1, 1000000000000, _), fail",
        "length(L, _), fail", "member(x, L), fail", "append(_, _, L), fail", "deep(0)"})
    void runawayQueriesAreCutOffByTheStepBudget(final String goal)
    {
        consult("loop :- loop.\ncount(N) :- M is N + 1, count(M).\ndeep(N) :- M is N + 1, deep(M), true.\n");
        final SkbException e = assertThrows(SkbException.class, () -> engine.query(goal, 1, 500));
        assertEquals(ErrorCode.SKB_STEP_BUDGET_EXHAUSTED, e.code(), e.getMessage());
        assertEquals("cut off after 500 steps", e.detail());
        assertEquals(1, engine.query("X = 1", 1, BUDGET).solutions().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"loop", "deep(0)"})
    void recursionDeeperThanTheStackIsCutOffTooAndTheEngineKeepsServing(final String goal)
    {
        consult("loop :- loop.\ndeep(N) :- M is N + 1, deep(M), true.\n");
        final SkbException e = assertThrows(SkbException.class, () -> engine.query(goal, 1, Long.MAX_VALUE));
        assertEquals(ErrorCode.SKB_DEPTH_EXHAUSTED, e.code(), e.getMessage());
        assertEquals(1, engine.query("X = 1", 1, BUDGET).solutions().size());
    }

    @Test
    void runawayDirectiveInConsultedTextIsCutOff()
    {
        final SkbException e = assertThrows(SkbException.class,
            () -> engine.consult("facts.pl", new StringReader(":- repeat, fail.\n"), 1_000));
        assertEquals(ErrorCode.SKB_STEP_BUDGET_EXHAUSTED, e.code());
    }

    @Test
    void budgetCountsStepsSoASmallQueryFitsASmallBudget()
    {
        consult("p(1). p(2). q(X) :- p(X).");
        final QueryAnswer answer = engine.query("q(X)", 10, 10);
        assertEquals(2, answer.solutions().size());
        assertTrue(answer.steps() > 0 && answer.steps() <= 10, "steps " + answer.steps());
    }

    @ParameterizedTest
    @ValueSource(strings = {"open('/etc/passwd', read, S)", "see('/etc/passwd')", "consult('/etc/passwd')",
        "get_time(T)", "X is random(10)", "trace", "read(X)"})
    void builtInsThatReachOutsideTheKnowledgeBaseAreWithheld(final String goal)
    {
        final SkbException e = assertThrows(SkbException.class, () -> engine.query(goal, 1, BUDGET));
        assertTrue(e.code() == ErrorCode.SKB_UNKNOWN_PREDICATE || e.code() == ErrorCode.SKB_EVALUATION_ERROR,
            e.getMessage());
    }

    @Test
    void outputIsCapturedPerQuery()
    {
        assertEquals("hello\n", engine.query("writeln(hello)", 1, BUDGET).output());
        assertEquals("", engine.query("true", 1, BUDGET).output());
    }

    @Test
    void evaluationErrorsAreReportedAndTheEngineKeepsServing()
    {
        final SkbException e = assertThrows(SkbException.class, () -> engine.query("X is foo + 1", 1, BUDGET));
        assertEquals(ErrorCode.SKB_EVALUATION_ERROR, e.code());
        assertTrue(engine.query("true", 1, BUDGET).succeeded());
    }

    @Test
    void everyMeteredAndWithheldBuiltInIsOneProjogRegisters() throws java.io.IOException
    {
        // Guards a Projog upgrade: a renamed built-in would slip past the sandbox or the meter.
        final String bootstrap;
        try (java.io.InputStream in = org.projog.core.kb.KnowledgeBase.class.getClassLoader()
            .getResourceAsStream("projog-bootstrap.pl"))
        {
            bootstrap = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        SandboxBootstrap.METERED.forEach((key, className) ->
            assertTrue(bootstrap.contains("'" + className + "'"), key + " as " + className));
        for (final String key : SandboxBootstrap.WITHHELD)
        {
            final String name = key.substring(0, key.lastIndexOf('/'));
            assertTrue(bootstrap.contains("(" + name + "/") || bootstrap.contains("('" + name + "'/"), key);
        }
    }

    private void consult(final String text)
    {
        engine.consult("test.pl", new StringReader(text), BUDGET);
    }
}
