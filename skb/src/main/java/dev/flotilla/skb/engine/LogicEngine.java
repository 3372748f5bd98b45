package dev.flotilla.skb.engine;

import dev.flotilla.skb.QueryAnswer;
import dev.flotilla.skb.SkbException;
import dev.flotilla.skb.Term;
import java.io.Reader;
import java.util.Map;

/**
 * What the SKB needs from a logic engine, and all it may use: consult text, empty a dynamic
 * predicate, and solve goals under a step budget. Everything above this interface speaks
 * {@link Term}s and Prolog text, so another engine can stand in for Projog.
 *
 * <p>Contract for every implementation: single-threaded (one caller at a time, no threads started),
 * deterministic (same clauses, same goal, same answers in the same order), no clock read and no
 * file, stream or random-number access from Prolog code. A method that throws leaves the engine
 * usable.
 */
public interface LogicEngine
{
    /**
     * Adds the clauses and runs the directives of a Prolog text.
     *
     * @param source     the name errors report: a file name or a rule file's resource name.
     * @param text       the Prolog text, read to its end and closed.
     * @param stepBudget the most steps its directives may take together.
     * @throws SkbException {@code SKB_SYNTAX_ERROR} with the line and column of the first bad clause;
     *                      {@code SKB_EVALUATION_ERROR} if a clause cannot be added (for example it
     *                      extends a rule predicate); {@code SKB_STEP_BUDGET_EXHAUSTED} for a directive
     *                      that runs away.
     */
    void consult(String source, Reader text, long stepBudget);

    /** Declares {@code name/arity} dynamic so that it may be asserted, retracted and asked while empty. */
    void declareDynamic(String name, int arity);

    /** Removes every clause of the dynamic predicate {@code name/arity}. */
    void retractAll(String name, int arity);

    /**
     * Solves a goal.
     *
     * @param goal         Prolog text of the goal, with or without the final full stop.
     * @param maxSolutions stop after this many solutions (at least 1).
     * @param stepBudget   the most steps (predicate calls and retries) the whole query may take.
     * @throws SkbException {@code SKB_SYNTAX_ERROR}, {@code SKB_UNKNOWN_PREDICATE}, {@code SKB_STEP_BUDGET_EXHAUSTED}
     *                      or {@code SKB_EVALUATION_ERROR}; the engine stays usable.
     */
    QueryAnswer query(String goal, int maxSolutions, long stepBudget);

    /**
     * Solves a goal as {@link #query} does, but with the built-ins that change the knowledge base (assert,
     * retract, dynamic, flag, the recorded database) refused: a call to one fails the query with
     * {@code SKB_WRITE_REFUSED} before it changes anything, and since every change goes through one of them
     * the knowledge base is as it was. How the SKB service answers a client that
     * does not hold its write capability.
     */
    QueryAnswer queryReadOnly(String goal, int maxSolutions, long stepBudget);

    /**
     * Parses a goal once for repeated use with different inputs; the variables named in
     * {@code inputs} of {@link #solve} are bound before each run. The typed SKB questions use this.
     */
    PreparedGoal prepare(String goal);

    /** Solves a prepared goal with some of its variables bound; otherwise as {@link #query}. */
    QueryAnswer solve(PreparedGoal goal, Map<String, Term> inputs, int maxSolutions, long stepBudget);

    /** A goal parsed by {@link #prepare}; valid only for the engine that made it. */
    interface PreparedGoal
    {
        /** The goal's text. */
        String text();
    }
}
