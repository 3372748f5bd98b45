package dev.flotilla.monitor;

/**
 * The tables of OS state replicated on every core by agreement, each with its number among the agreement's
 * tables (stable: every core registers the same participant under it). Numbers from 1 to 6 are the system's;
 * tests and benchmarks register their own tables above.
 */
enum SystemTable
{
    /** The name registry ({@link ReplicatedNames}). */
    NAMES(1),
    /** Which cores each domain spans ({@link ReplicatedSpans}). */
    DOMAIN_SPANS(2);

    private final int id;

    SystemTable(final int id)
    {
        this.id = id;
    }

    /** The table's number in {@link dev.flotilla.monitor.agreement.Agreement}. */
    int id()
    {
        return id;
    }
}
