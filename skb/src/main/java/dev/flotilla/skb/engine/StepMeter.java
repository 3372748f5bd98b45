package dev.flotilla.skb.engine;

import org.projog.core.event.ProjogListener;
import org.projog.core.event.SpyPoints.SpyPointEvent;
import org.projog.core.event.SpyPoints.SpyPointExitEvent;

/**
 * Counts the steps of the query in progress and cuts it off when its budget is spent: the SKB's
 * answer to a runaway query, without a thread or a clock.
 *
 * <p>A step is a call or a retry of a user-defined predicate (Projog reports both to listeners while
 * tracing is on) or of one of the built-in generators that can retry without end ({@link
 * MeteredPredicateFactory}). Every unbounded computation in the sandboxed engine goes through one of
 * the two: recursion goes through user-defined predicates, and the only built-ins that retry without
 * bound ({@code repeat}, {@code between}, {@code length} and the list generators) are metered.
 *
 * <p>The meter also turns Projog's "Not defined" warning, which it would otherwise follow by failing
 * quietly, into an error while a query runs.
 *
 * <p>Confined to the engine's one caller; never shared.
 */
final class StepMeter implements ProjogListener
{
    private static final String NOT_DEFINED = "Not defined: ";

    private boolean armed;
    private long budget;
    private long used;

    /** Starts counting a new query with {@code budget} steps. */
    void arm(final long budget)
    {
        if (budget < 1)
        {
            throw new IllegalArgumentException("a step budget must be at least 1, not " + budget);
        }
        this.budget = budget;
        this.used = 0;
        this.armed = true;
    }

    /** Stops counting; the engine's own housekeeping runs unmetered. */
    void disarm()
    {
        armed = false;
    }

    /** Steps used by the last armed query. */
    long used()
    {
        return used;
    }

    long budget()
    {
        return budget;
    }

    /** One step; throws {@link BudgetExhausted} if it is one too many. */
    void step()
    {
        if (armed && ++used > budget)
        {
            armed = false;
            throw new BudgetExhausted(budget);
        }
    }

    @Override
    public void onCall(final SpyPointEvent event)
    {
        step();
    }

    @Override
    public void onRedo(final SpyPointEvent event)
    {
        step();
    }

    @Override
    public void onExit(final SpyPointExitEvent event)
    {
        // Exits and failures end work already counted at the call.
    }

    @Override
    public void onFail(final SpyPointEvent event)
    {
        // As onExit.
    }

    @Override
    public void onWarn(final String message)
    {
        if (armed && message.startsWith(NOT_DEFINED))
        {
            armed = false;
            throw new UnknownPredicate(message.substring(NOT_DEFINED.length()));
        }
    }

    @Override
    public void onInfo(final String message)
    {
        // Projog's notes on where it reads from: nothing the SKB reports.
    }

    /** Thrown through the engine when the budget is spent; caught and translated by {@link ProjogEngine}. */
    static final class BudgetExhausted extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        BudgetExhausted(final long budget)
        {
            super("cut off after " + budget + " steps", null, false, false);
        }
    }

    /** Thrown through the engine when a goal calls an undefined predicate. */
    static final class UnknownPredicate extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        UnknownPredicate(final String key)
        {
            super(key, null, false, false);
        }
    }
}
