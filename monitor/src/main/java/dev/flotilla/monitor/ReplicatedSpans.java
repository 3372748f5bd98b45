package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.monitor.agreement.Agreement;
import dev.flotilla.monitor.agreement.ReplicatedTable;
import dev.flotilla.monitor.agreement.SpanTable;
import java.util.function.LongFunction;

/**
 * The domain table on every core: a replica of which program each domain runs and which cores it spans
 * ({@link SpanTable}), read locally with no message, changed only by two-phase commit over every core, serialised
 * by core 0 ({@link ReplicatedTable}). A domain's home monitor ({@link DomainManager}) decides each change and
 * publishes the domain's whole state here.
 *
 * <pre>
 *   publish(domain) at its home     state = home's record (or gone) -&gt; propose to core 0 -&gt; a two-phase
 *                                   round over every core -&gt; done (a spawn or span answers only now, so
 *                                   whoever learns of a domain can read it in any replica)
 *   the round aborted (a core       publish again, the state as it is by then: a later round carries it, and
 *   stalled past the bound)         rounds are applied in one order, so the last state published wins
 *   boot                            core 0 alone holds the table; once every core joined the mesh it hands
 *                                   them the table and widens it, as the name registry does
 * </pre>
 */
final class ReplicatedSpans
{
    /** How often a state whose round aborted is published again before it waits for the domain's next change. */
    static final int RETRIES = 8;

    private final SpanTable replica = new SpanTable();
    private final ReplicatedTable table;
    /** The home's current state of a domain, or null once the home dropped its record. */
    private final LongFunction<SpanTable.Span> current;
    private long republished;

    ReplicatedSpans(final Agreement agreement, final LongFunction<SpanTable.Span> current)
    {
        this.table = new ReplicatedTable(agreement, SystemTable.DOMAIN_SPANS.id(), 0, replica);
        this.current = current;
    }

    /**
     * Publishes {@code domain}'s state as its home holds it now; {@code done} runs once every replica holds it, or
     * with the code of the last try.
     */
    void publish(final long domain, final Completion<Void> done)
    {
        publish(domain, RETRIES, done);
    }

    private void publish(final long domain, final int triesLeft, final Completion<Void> done)
    {
        final SpanTable.Span span = current.apply(domain);
        table.change(span == null ? SpanTable.drop(domain) : SpanTable.set(domain, span), (none, error) ->
        {
            if (error == null || error == ErrorCode.AGREEMENT_UNCONFIRMED)
            {
                done.complete(null, null); // committed; an unconfirmed core applies it when it runs again
            }
            else if (triesLeft > 1)
            {
                republished++;
                publish(domain, triesLeft - 1, done);
            }
            else
            {
                done.complete(null, error);
            }
        });
    }

    /** Core 0: every core has joined the mesh; they get the table as it stands and take part from now on. */
    void joined(final MulticastTree everyCore)
    {
        table.widen(everyCore, replica.snapshot());
    }

    /** Core 0: rounds travel {@code tree} (the SKB's) from now on. */
    void route(final MulticastTree tree)
    {
        if (!tree.equals(table.tree()))
        {
            table.widen(tree, null);
        }
    }

    /** This core's replica. */
    SpanTable replica()
    {
        return replica;
    }

    /** States published again because their round aborted. */
    long republished()
    {
        return republished;
    }
}
