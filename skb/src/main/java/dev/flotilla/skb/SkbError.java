package dev.flotilla.skb;

/**
 * Why the System Knowledge Base refused or abandoned a request. Each code has the message the shell
 * prints after the code's name; the exception that carries it adds where (source, line, column) and
 * the engine's own words.
 */
public enum SkbError
{
    /** Facts, rules or a query that the Prolog reader cannot parse. */
    SYNTAX_ERROR("the text does not parse as Prolog"),
    /** A goal calls a predicate that no fact, rule or built-in defines. */
    UNKNOWN_PREDICATE("no fact, rule or built-in defines this predicate"),
    /** A query used up its step budget before it finished; the SKB stays usable. */
    STEP_BUDGET_EXHAUSTED("the query ran past its step budget and was cut off"),
    /**
     * A query recursed deeper than the engine's Java stack allows and was cut off; the SKB stays usable.
     * The depth a query may reach depends on the stack of the thread that asks.
     */
    DEPTH_EXHAUSTED("the query recursed deeper than the engine's stack allows and was cut off"),
    /** The engine raised an error while solving (a type error, an uninstantiated argument, a throw/1). */
    EVALUATION_ERROR("the query raised an error while it was being solved"),
    /** A fact or argument from Java is out of range or inconsistent with the machine. */
    INVALID_FACT("the fact is not valid for this machine"),
    /** A typed query found no answer (for example no core satisfies every placement constraint). */
    NO_ANSWER("the knowledge base has no answer to this question"),
    /** A facts file could not be read. */
    UNREADABLE_SOURCE("the facts file cannot be read");

    private final String message;

    SkbError(final String message)
    {
        this.message = message;
    }

    /** One sentence that explains the code to a person. */
    public String message()
    {
        return message;
    }
}
