package dev.flotilla.skb.engine;

import org.projog.core.predicate.Predicate;
import org.projog.core.predicate.PredicateFactory;
import org.projog.core.term.Term;

/**
 * A built-in predicate whose every call and retry costs a step on the {@link StepMeter}. Wraps the
 * built-ins that can retry without end ({@code repeat}, {@code between/3} over a huge range,
 * {@code length/2} and the list generators on unbound lists), which never pass through a user-defined
 * predicate and so would escape the meter's tracing.
 */
final class MeteredPredicateFactory implements PredicateFactory
{
    private final StepMeter meter;
    private final PredicateFactory builtIn;

    MeteredPredicateFactory(final StepMeter meter, final PredicateFactory builtIn)
    {
        this.meter = meter;
        this.builtIn = builtIn;
    }

    @Override
    public Predicate getPredicate(final Term term)
    {
        return new Metered(meter, builtIn.getPredicate(term));
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

    /** The built-in's predicate for one call; the first evaluation and each retry cost a step. */
    private record Metered(StepMeter meter, Predicate predicate) implements Predicate
    {
        @Override
        public boolean evaluate()
        {
            meter.step();
            return predicate.evaluate();
        }

        @Override
        public boolean couldReevaluationSucceed()
        {
            return predicate.couldReevaluationSucceed();
        }
    }
}
