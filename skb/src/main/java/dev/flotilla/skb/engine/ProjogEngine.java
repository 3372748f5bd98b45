package dev.flotilla.skb.engine;

import dev.flotilla.skb.QueryAnswer;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.skb.SkbException;
import dev.flotilla.skb.Term;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.projog.api.Projog;
import org.projog.api.QueryPlan;
import org.projog.api.QueryResult;
import org.projog.api.QueryStatement;
import org.projog.core.kb.KnowledgeBase;
import org.projog.core.kb.KnowledgeBaseUtils;
import org.projog.core.parser.ParserException;
import org.projog.core.predicate.PredicateFactory;
import org.projog.core.predicate.PredicateKey;
import org.projog.core.term.TermFormatter;

/**
 * The {@link LogicEngine} on Projog 0.11.0, an interpreter of ISO-ish Prolog in plain Java (no
 * threads, no native code).
 *
 * <p>Sandbox: the built-ins are Projog's own less those {@link SandboxBootstrap#WITHHELD} (files,
 * streams, clock, randomness, tracing); output written by a goal is captured per query. Budget:
 * tracing stays on so that Projog reports every call and retry of a user-defined predicate to the
 * {@link StepMeter}, and the unbounded built-in generators are wrapped in a {@link
 * MeteredPredicateFactory}; the meter throws out of the engine when a query's budget is spent, and
 * the engine is usable again at once because Projog keeps no state between queries beyond the
 * clauses. Writes: the built-ins that change the knowledge base ask the {@link WriteGate}, which a
 * {@link #queryReadOnly read-only query} shuts.
 */
public final class ProjogEngine implements LogicEngine
{
    /** What errors report as the source of a query. */
    public static final String QUERY_SOURCE = "query";

    private final StepMeter meter = new StepMeter();
    private final WriteGate gate = new WriteGate();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Projog projog;
    private final TermFormatter formatter;

    public ProjogEngine()
    {
        projog = new Projog(() -> SandboxBootstrap.SCRIPT, meter);
        final KnowledgeBase kb = projog.getKnowledgeBase();
        final Map<String, String> registered = new java.util.TreeMap<>(SandboxBootstrap.METERED);
        registered.putAll(SandboxBootstrap.GUARDED);
        for (final Map.Entry<String, String> builtIn : registered.entrySet())
        {
            final String name = builtIn.getKey();
            PredicateFactory factory = instantiate(kb, builtIn.getValue());
            if (SandboxBootstrap.GUARDED.containsKey(name))
            {
                factory = new GuardedPredicateFactory(gate, name, factory); // checked before the built-in runs
            }
            if (SandboxBootstrap.METERED.containsKey(name))
            {
                factory = new MeteredPredicateFactory(meter, factory);
            }
            projog.addPredicateFactory(key(name), factory);
        }
        kb.getSpyPoints().setTraceEnabled(true);
        projog.setUserOutput(new PrintStream(output, true, StandardCharsets.UTF_8));
        formatter = kb.getTermFormatter();
    }

    @Override
    public void consult(final String source, final Reader text, final long stepBudget)
    {
        metered(source, stepBudget, () ->
        {
            projog.consultReader(text);
            return null;
        });
    }

    @Override
    public void declareDynamic(final String name, final int arity)
    {
        metered(QUERY_SOURCE, Long.MAX_VALUE, () ->
        {
            projog.executeOnce("dynamic(" + new Term.Atom(name) + "/" + arity + ").");
            return null;
        });
    }

    @Override
    public void retractAll(final String name, final int arity)
    {
        final String args = arity == 0 ? "" : "(" + String.join(",", java.util.Collections.nCopies(arity, "_")) + ")";
        metered(QUERY_SOURCE, Long.MAX_VALUE, () ->
        {
            projog.executeOnce("retractall(" + new Term.Atom(name) + args + ").");
            return null;
        });
    }

    @Override
    public QueryAnswer query(final String goal, final int maxSolutions, final long stepBudget)
    {
        checkLimit(maxSolutions);
        return metered(QUERY_SOURCE, stepBudget,
            () -> collect(goal, projog.executeQuery(sentence(goal)), Set.of(), maxSolutions));
    }

    @Override
    public QueryAnswer queryReadOnly(final String goal, final int maxSolutions, final long stepBudget)
    {
        gate.shut();
        try
        {
            return query(goal, maxSolutions, stepBudget);
        }
        finally
        {
            gate.open();
        }
    }

    @Override
    public PreparedGoal prepare(final String goal)
    {
        return metered(QUERY_SOURCE, Long.MAX_VALUE, () -> new ProjogGoal(goal, projog.createPlan(sentence(goal))));
    }

    @Override
    public QueryAnswer solve(final PreparedGoal goal, final Map<String, Term> inputs, final int maxSolutions,
        final long stepBudget)
    {
        checkLimit(maxSolutions);
        if (!(goal instanceof ProjogGoal(final String text, final QueryPlan plan)))
        {
            throw new IllegalArgumentException("a goal prepared by another engine: " + goal.text());
        }
        return metered(QUERY_SOURCE, stepBudget, () ->
        {
            final QueryStatement statement = plan.createStatement();
            inputs.forEach((name, value) -> statement.setTerm(name, TermBridge.toProjog(value)));
            return collect(text, statement.executeQuery(), inputs.keySet(), maxSolutions);
        });
    }

    private QueryAnswer collect(final String goal, final QueryResult result, final Set<String> inputs,
        final int maxSolutions)
    {
        final List<Map<String, Term>> solutions = new ArrayList<>();
        final List<String> order = VariableOrder.of(goal);
        order.retainAll(result.getVariableIds());
        result.getVariableIds().stream().filter(v -> !order.contains(v)).forEach(order::add);
        boolean complete = false;
        while (solutions.size() < maxSolutions)
        {
            if (!result.next())
            {
                complete = true;
                break;
            }
            final Map<String, Term> solution = new LinkedHashMap<>();
            for (final String variable : order)
            {
                if (!variable.startsWith("_") && !inputs.contains(variable))
                {
                    solution.put(variable, TermBridge.fromProjog(result.getTerm(variable), formatter));
                }
            }
            solutions.add(solution);
        }
        return new QueryAnswer(goal, solutions, complete, meter.used(), output.toString(StandardCharsets.UTF_8));
    }

    /** Runs engine work under a fresh budget and output buffer, translating every engine failure. */
    private <T> T metered(final String source, final long stepBudget, final Supplier<T> work)
    {
        output.reset();
        meter.arm(stepBudget);
        try
        {
            return work.get();
        }
        catch (final RuntimeException e)
        {
            throw translate(source, e);
        }
        catch (final StackOverflowError e)
        {
            throw tooDeep(source);
        }
        finally
        {
            meter.disarm();
        }
    }

    private SkbException translate(final String source, final RuntimeException thrown)
    {
        Throwable root = thrown;
        for (Throwable t = thrown; t != null; t = t.getCause())
        {
            switch (t)
            {
                case StepMeter.BudgetExhausted b ->
                {
                    return new SkbException(ErrorCode.SKB_STEP_BUDGET_EXHAUSTED, source, b.getMessage());
                }
                case StepMeter.UnknownPredicate u ->
                {
                    return new SkbException(ErrorCode.SKB_UNKNOWN_PREDICATE, source, u.getMessage());
                }
                case ParserException p ->
                {
                    return syntaxError(source, p);
                }
                case SkbException s ->
                {
                    return s;
                }
                case StackOverflowError o ->
                {
                    return tooDeep(source);
                }
                default -> root = t;
            }
        }
        final String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return new SkbException(ErrorCode.SKB_EVALUATION_ERROR, source, message);
    }

    private SkbException tooDeep(final String source)
    {
        return new SkbException(ErrorCode.SKB_DEPTH_EXHAUSTED, source, "cut off after " + meter.used() + " steps");
    }

    private static SkbException syntaxError(final String source, final ParserException p)
    {
        final String message = p.getMessage();
        final int cut = message.lastIndexOf(" Line: ");
        final String reason = cut < 0 ? message : message.substring(0, cut);
        final String near = p.getLine() == null ? "" : " in: " + p.getLine().strip();
        return new SkbException(ErrorCode.SKB_SYNTAX_ERROR, source, p.getLineNumber(), p.getColumnNumber(), reason + near);
    }

    private static String sentence(final String goal)
    {
        final String text = goal.strip();
        return text.endsWith(".") ? text : text + " .";
    }

    private static void checkLimit(final int maxSolutions)
    {
        if (maxSolutions < 1)
        {
            throw new IllegalArgumentException("maxSolutions must be at least 1, not " + maxSolutions);
        }
    }

    private static PredicateKey key(final String nameAndArity)
    {
        final int slash = nameAndArity.lastIndexOf('/');
        return new PredicateKey(nameAndArity.substring(0, slash), Integer.parseInt(nameAndArity.substring(slash + 1)));
    }

    private static PredicateFactory instantiate(final KnowledgeBase kb, final String className)
    {
        try
        {
            return KnowledgeBaseUtils.instantiate(kb, className);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new IllegalStateException("Projog has no built-in " + className + " to meter", e);
        }
    }

    /** A goal parsed once into Projog's query plan. */
    private record ProjogGoal(String text, QueryPlan plan) implements PreparedGoal
    {
    }
}
