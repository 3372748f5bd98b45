package dev.flotilla.skb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.skb.SkbException;
import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Read-only queries: every built-in that changes the knowledge base refuses, and nothing changes. */
final class ReadOnlyQueryTest
{
    private static final long BUDGET = 100_000;

    private final ProjogEngine engine = new ProjogEngine();

    @ParameterizedTest
    @ValueSource(strings = {"assert(fact(9))", "asserta(fact(9))", "assertz(fact(9))", "retract(fact(1))",
        "retractall(fact(_))", "dynamic(other/1)", "flag(f, _, 3)", "recorda(k, v)", "recordz(k, v, _)",
        "X = fact(9), call(assertz(X))", "fact(1), assert(fact(9))", "findall(x, assert(fact(9)), _)",
        "\\+ retract(fact(1))"})
    void refusesEveryChangeAndKeepsTheFacts(final String goal)
    {
        consult(":- dynamic(fact/1). fact(1). fact(2).");
        final SkbException refused = assertThrows(SkbException.class, () -> engine.queryReadOnly(goal, 10, BUDGET));
        assertEquals(ErrorCode.SKB_WRITE_REFUSED, refused.code(), refused.getMessage());
        assertEquals(2, engine.query("fact(X)", 10, BUDGET).solutions().size());
        assertTrue(engine.query("flag(f, V, V)", 1, BUDGET).solutionTexts().stream().noneMatch(s -> s.contains("3")));
    }

    @Test
    void answersQueriesAndTheGateOpensAgainAfterARefusal()
    {
        consult(":- dynamic(fact/1). fact(1). fact(2).");
        assertEquals(2, engine.queryReadOnly("fact(X)", 10, BUDGET).solutions().size());
        assertThrows(SkbException.class, () -> engine.queryReadOnly("assert(fact(3))", 1, BUDGET));
        engine.query("assert(fact(3))", 1, BUDGET); // the owner's query still writes
        assertEquals(3, engine.queryReadOnly("fact(X)", 10, BUDGET).solutions().size());
    }

    private void consult(final String text)
    {
        engine.consult("test", new StringReader(text), BUDGET);
    }
}
