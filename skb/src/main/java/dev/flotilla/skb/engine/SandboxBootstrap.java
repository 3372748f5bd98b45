package dev.flotilla.skb.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.projog.core.kb.KnowledgeBase;
import org.projog.core.kb.KnowledgeBaseUtils;
import org.projog.core.kb.ProjogProperties;
import org.projog.core.parser.SentenceParser;
import org.projog.core.predicate.Predicate;
import org.projog.core.predicate.PredicateFactory;
import org.projog.core.predicate.PredicateKey;
import org.projog.core.predicate.udp.PredicateUtils;
import org.projog.core.term.Term;
import org.projog.core.term.TermType;

/**
 * The Prolog predicate {@code skb_load_builtins/0}: loads Projog's bootstrap (the directives that
 * register its built-ins) with two kinds of registration left out.
 *
 * <ul>
 *   <li><b>Withheld</b>: built-ins that reach outside the knowledge base (files, streams, the clock,
 *       random numbers) or switch Projog's tracing, which the {@link StepMeter} relies on. Asked for,
 *       they are unknown predicates. This keeps every query deterministic and free of side effects
 *       other than on the knowledge base itself.</li>
 *   <li><b>Metered</b>: the built-ins that can retry without end; {@link ProjogEngine} registers them
 *       itself, wrapped in a {@link MeteredPredicateFactory} that holds its meter.</li>
 *   <li><b>Guarded</b>: the built-ins that change the knowledge base; {@link ProjogEngine} registers them
 *       behind its {@link WriteGate}, so that a read-only query cannot assert or retract.</li>
 * </ul>
 *
 * <p>Projog calls this class through its bootstrap script ({@code skb/engine/bootstrap.pl}) because
 * it offers no other point between creating a knowledge base and loading the built-ins, and a
 * built-in cannot be replaced once registered.
 */
public final class SandboxBootstrap implements PredicateFactory
{
    /** The bootstrap script the SKB's engine starts from (it calls this predicate). */
    static final String SCRIPT = "skb/engine/bootstrap.pl";

    /** Built-ins left out of the SKB's engine, as {@code name/arity}. */
    static final Set<String> WITHHELD = Set.of(
        // files and input/output streams (output to the current stream is captured per query)
        "open/3", "close/1", "see/1", "seen/0", "seeing/1", "tell/1", "told/0", "current_input/1",
        "current_output/1", "set_input/1", "set_output/1", "read/1", "get_char/1", "get_code/1", "get0/1",
        "consult/1", "./2", "ensure_loaded/1",
        // the clock and randomness
        "get_time/1", "convert_time/2", "random_permutation/2", "random/1",
        // tracing, which the step meter owns
        "trace/0", "notrace/0", "debugging/0", "nodebug/0", "spy/1", "nospy/1");

    /** Built-ins registered by {@link ProjogEngine} behind a step meter: {@code name/arity} to Projog's class. */
    static final Map<String, String> METERED = Map.ofEntries(
        Map.entry("repeat/0", "org.projog.core.predicate.builtin.flow.RepeatInfinitely"),
        Map.entry("between/3", "org.projog.core.predicate.builtin.compare.Between"),
        Map.entry("length/2", "org.projog.core.predicate.builtin.list.Length"),
        Map.entry("member/2", "org.projog.core.predicate.builtin.list.Member"),
        Map.entry("append/3", "org.projog.core.predicate.builtin.list.Append"),
        Map.entry("select/3", "org.projog.core.predicate.builtin.list.Select"),
        Map.entry("nth0/3", "org.projog.core.predicate.builtin.list.Nth/nth0"),
        Map.entry("nth1/3", "org.projog.core.predicate.builtin.list.Nth/nth1"),
        Map.entry("nth/3", "org.projog.core.predicate.builtin.list.Nth/nth1"),
        Map.entry("clause/2", "org.projog.core.predicate.builtin.kb.Inspect/inspectClause"),
        Map.entry("retract/1", "org.projog.core.predicate.builtin.kb.Inspect/retract"));

    /**
     * Built-ins that change the knowledge base, registered by {@link ProjogEngine} behind its {@link WriteGate}
     * (and, for {@code retract/1}, behind the step meter too): {@code name/arity} to Projog's class. Left out:
     * {@code op/3} and {@code pj_add_arithmetic_operator/2}, which the bootstrap itself needs before any of this
     * runs (they change how text parses and evaluates, not the facts).
     */
    static final Map<String, String> GUARDED = Map.ofEntries(
        Map.entry("asserta/1", "org.projog.core.predicate.builtin.kb.Assert/assertA"),
        Map.entry("assertz/1", "org.projog.core.predicate.builtin.kb.Assert/assertZ"),
        Map.entry("assert/1", "org.projog.core.predicate.builtin.kb.Assert/assertZ"),
        Map.entry("retract/1", "org.projog.core.predicate.builtin.kb.Inspect/retract"),
        Map.entry("retractall/1", "org.projog.core.predicate.builtin.kb.RetractAll"),
        Map.entry("dynamic/1", "org.projog.core.predicate.builtin.kb.Dynamic"),
        Map.entry("flag/3", "org.projog.core.predicate.builtin.kb.Flag"),
        Map.entry("table/1", "org.projog.core.predicate.builtin.kb.Tabling"),
        Map.entry("arithmetic_function/1", "org.projog.core.predicate.builtin.kb.AddUserDefinedArithmeticOperator"),
        Map.entry("erase/1", "org.projog.core.predicate.builtin.db.Erase"),
        Map.entry("recorda/2", "org.projog.core.predicate.builtin.db.InsertRecord/recordA"),
        Map.entry("recorda/3", "org.projog.core.predicate.builtin.db.InsertRecord/recordA"),
        Map.entry("recordz/2", "org.projog.core.predicate.builtin.db.InsertRecord/recordZ"),
        Map.entry("recordz/3", "org.projog.core.predicate.builtin.db.InsertRecord/recordZ"));

    private static final Set<String> REGISTRATIONS = Set.of("pj_add_predicate", "pj_add_arithmetic_operator");

    private final KnowledgeBase kb;

    /** Called by Projog, which passes the knowledge base being bootstrapped. */
    public SandboxBootstrap(final KnowledgeBase kb)
    {
        this.kb = kb;
    }

    @Override
    public Predicate getPredicate(final Term term)
    {
        try (InputStream in = KnowledgeBase.class.getClassLoader()
            .getResourceAsStream(ProjogProperties.DEFAULT_BOOTSTRAP_SCRIPT))
        {
            if (in == null)
            {
                throw new IllegalStateException("Projog's " + ProjogProperties.DEFAULT_BOOTSTRAP_SCRIPT
                    + " is not on the class path");
            }
            load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return PredicateUtils.TRUE;
    }

    @Override
    public boolean isRetryable()
    {
        return false;
    }

    private void load(final Reader reader)
    {
        final SentenceParser parser = SentenceParser.getInstance(reader, kb.getOperands());
        for (Term sentence = parser.parseSentence(); sentence != null; sentence = parser.parseSentence())
        {
            if (!KnowledgeBaseUtils.isQuestionOrDirectiveFunctionCall(sentence))
            {
                throw new IllegalStateException("Projog's bootstrap holds a clause; only directives are expected: "
                    + sentence);
            }
            final Term goal = sentence.firstArgument();
            if (!leftOut(goal))
            {
                final Predicate directive = kb.getPredicates().getPredicate(goal);
                while (directive.evaluate() && directive.couldReevaluationSucceed())
                {
                    // A directive runs to exhaustion, as Projog's own consult does.
                }
            }
        }
    }

    private static boolean leftOut(final Term goal)
    {
        if (goal.getType() != TermType.STRUCTURE || goal.getNumberOfArguments() != 2
            || !REGISTRATIONS.contains(goal.getName()))
        {
            return false;
        }
        final String key = PredicateKey.createFromNameAndArity(goal.firstArgument()).toString();
        return WITHHELD.contains(key) || METERED.containsKey(key) || GUARDED.containsKey(key);
    }
}
