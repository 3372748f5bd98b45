package dev.flotilla.skb.engine;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.skb.SkbException;

/**
 * Whether the engine's current work may change the knowledge base. Open for the owner's own work (facts from
 * Java, consults, the queries of a client that holds the SKB write capability); shut for the duration of a
 * {@linkplain LogicEngine#queryReadOnly read-only query}, when every built-in that adds, retracts or redefines
 * something ({@link SandboxBootstrap#GUARDED}) refuses with {@code SKB_WRITE_REFUSED} before it changes anything.
 *
 * <p>Invariant: shut only between {@link #shut()} and the {@link #open()} that the engine runs in a
 * {@code finally}, so a refused or failed read-only query never leaves the gate shut for the next caller.
 * Confined to the engine's one caller; never shared.
 */
final class WriteGate
{
    private boolean shut;

    void shut()
    {
        shut = true;
    }

    void open()
    {
        shut = false;
    }

    /** Refuses {@code predicate} ({@code name/arity}) while the gate is shut. */
    void check(final String predicate)
    {
        if (shut)
        {
            throw new SkbException(ErrorCode.SKB_WRITE_REFUSED, ProjogEngine.QUERY_SOURCE,
                predicate + " changes the knowledge base, and this client does not hold the SKB write capability");
        }
    }
}
