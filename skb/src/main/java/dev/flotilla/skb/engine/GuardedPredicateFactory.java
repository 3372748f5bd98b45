package dev.flotilla.skb.engine;

import org.projog.core.predicate.Predicate;
import org.projog.core.predicate.PredicateFactory;
import org.projog.core.term.Term;

/**
 * A built-in that changes the knowledge base ({@code assert/1}, {@code retract/1}, {@code op/3}, ...), asked
 * of the {@link WriteGate} first. The gate is asked in {@link #getPredicate}, before the built-in's own
 * {@code getPredicate}: Projog's single-result built-ins do their work there, so a check any later would come
 * after the change.
 */
final class GuardedPredicateFactory implements PredicateFactory
{
    private final WriteGate gate;
    private final String name;
    private final PredicateFactory builtIn;

    GuardedPredicateFactory(final WriteGate gate, final String name, final PredicateFactory builtIn)
    {
        this.gate = gate;
        this.name = name;
        this.builtIn = builtIn;
    }

    @Override
    public Predicate getPredicate(final Term term)
    {
        gate.check(name);
        return builtIn.getPredicate(term);
    }

    @Override
    public boolean isRetryable()
    {
        return builtIn.isRetryable();
    }

    @Override
    public boolean isAlwaysCutOnBacktrack()
    {
        return builtIn.isAlwaysCutOnBacktrack();
    }
}
