package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.monitor.agreement.Agreement;
import dev.flotilla.monitor.agreement.NameTable;
import dev.flotilla.monitor.agreement.ReplicatedTable;
import dev.flotilla.monitor.intermon.NameLookupBinding;
import dev.flotilla.monitor.intermon.NameLookupHandler;

/**
 * The name service on every core: a replica of the registry ({@link NameTable}), read locally with no message,
 * changed only by two-phase commit over every core, serialised by core 0 ({@link ReplicatedTable}). Core 0's
 * replica also keeps the SKB's {@code service/2} facts in step (through {@link FactsReporter}).
 *
 * <pre>
 *   lookup(name) on i        i's replica: the core                                 (no message; a name that a
 *                            round prepared here claims is answered once that round is decided here)
 *                            a miss: confirm(name) to core 0 (NameLookup), whose replica is never behind,
 *                            so a registration just made elsewhere is found as the central registry found it
 *   register(name) on i      propose to core 0 -&gt; two-phase round over every core -&gt; answer to i
 *                            (SERVICE_EXISTS if a replica holds or has claimed the name)
 *   deregister(name) on i    the same round, forgetting the name if i still holds it
 *   boot                     core 0 alone holds the table (its boot services register there); once every
 *                            core has joined the mesh it hands them the table and widens it to all cores,
 *                            and once the SKB has given the NUMA-aware tree, rounds travel that tree
 * </pre>
 */
final class ReplicatedNames implements Names, Protocol, NameLookupHandler
{
    private final int core;
    private final NameTable replica;
    private final ReplicatedTable table;
    private NameLookupBinding sequencer;
    private long confirmsAsked;

    ReplicatedNames(final Monitor monitor, final Agreement agreement)
    {
        this.core = monitor.core();
        this.replica = new NameTable(monitor.core() != 0 ? new NameTable.Listener()
        {
            @Override
            public void registered(final String name, final int core)
            {
            }

            @Override
            public void removed(final String name)
            {
            }
        } : new NameTable.Listener()
        {
            @Override
            public void registered(final String name, final int core)
            {
                monitor.facts().serviceRegistered(name, core);
            }

            @Override
            public void removed(final String name)
            {
                monitor.facts().serviceRemoved(name);
            }
        });
        this.table = new ReplicatedTable(agreement, SystemTable.NAMES.id(), 0, replica);
    }

    @Override
    public void attach(final int peer, final Port port)
    {
        final NameLookupBinding binding = new NameLookupBinding(port, this);
        if (peer == 0)
        {
            sequencer = binding;
        }
    }

    @Override
    public void register(final String name, final int core, final Completion<Void> done)
    {
        table.change(NameTable.register(name, core), (none, error) ->
            // AGREEMENT_UNCONFIRMED: the round committed, only a stalled core's confirmation is missing (it applies
            // the decision when it runs again); the name is registered, so the exporter holds it — answering the
            // code would leave the name held by nobody who knows to give it back (found by bench soak, seed 10)
            done.complete(null, error == ErrorCode.AGREEMENT_UNCONFIRMED ? null : error));
    }

    /** Whether this core's replica maps {@code name} now (no message; a name still on its way reads as absent). */
    boolean knownHere(final String name)
    {
        return replica.lookup(name) != null;
    }

    @Override
    public void lookup(final String name, final Completion<Integer> done)
    {
        replica.lookup(name, (at, error) ->
        {
            if (error == ErrorCode.SERVICE_NOT_FOUND && core != 0)
            {
                confirmsAsked++;
                sequencer.confirm(name, done); // a miss: the sequencer's replica is never behind a committed change
                return;
            }
            done.complete(at, error);
        });
    }

    @Override
    public void deregister(final String name, final int core)
    {
        table.change(NameTable.deregister(name, core), (none, error) ->
        {
            // nothing to undo: a deregister that could not complete leaves the name to a later one
        });
    }

    @Override
    public void onConfirm(final NameLookupBinding.ConfirmRequest request, final String name)
    {
        replica.lookup(name, (at, error) ->
        {
            if (error != null)
            {
                request.fail(error);
            }
            else
            {
                request.reply(at);
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

    /** Lookups that missed here and were confirmed at core 0. */
    long confirmsAsked()
    {
        return confirmsAsked;
    }

    /** This core's replica. */
    NameTable replica()
    {
        return replica;
    }
}
