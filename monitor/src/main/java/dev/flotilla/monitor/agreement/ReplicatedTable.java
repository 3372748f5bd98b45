package dev.flotilla.monitor.agreement;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import dev.flotilla.lib.skb.MulticastTree;
import java.util.ArrayDeque;

/**
 * One core's handle on a table replicated on every core of its tree: reads go to the local replica (the
 * {@link Participant}) with no message; changes go through agreement, serialised by the table's sequencer.
 *
 * <pre>
 *   on the sequencer s:   change(x)  -&gt; twoPhase(table, tree, x) along its tree
 *   on any other core i:  change(x)  -&gt; propose(table, x) to s (rpc) -&gt; s runs the round -&gt; s answers i
 * </pre>
 * <b>Why one coordinator per table.</b> Rounds of one coordinator travel one tree of FIFO channels and are
 * decided in the order they started, so every core applies them in that order; two coordinators' rounds could
 * reach two cores in different orders. So a table has one sequencer, and a change made on another core is a
 * proposal to it: changes from any number of cores are serialised there, none lost (each proposal is answered
 * with its round's outcome).
 *
 * <p><b>Growing the table's tree.</b> At boot only the sequencer runs; when more cores join, {@link #widen}
 * hands them the table as it stands (a one-phase snapshot) and makes later rounds travel the wider tree. The
 * switch waits until no round of the table is in flight, and changes made meanwhile wait for it, because a
 * round on the new tree could otherwise overtake one still travelling the old tree.
 */
public final class ReplicatedTable
{
    private final Agreement agreement;
    private final int table;
    private final int sequencer;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private MulticastTree tree;
    private MulticastTree wider;
    private byte[] snapshot;
    private int inFlight;

    /**
     * Makes {@code replica} this core's copy of table {@code table}, whose changes core {@code sequencer}
     * serialises. On the sequencer the table starts over the sequencer alone.
     */
    public ReplicatedTable(final Agreement agreement, final int table, final int sequencer, final Participant replica)
    {
        this.agreement = agreement;
        this.table = table;
        this.sequencer = sequencer;
        this.tree = new MulticastTree(sequencer, java.util.List.of());
        agreement.register(table, replica);
        agreement.sequence(table, this);
    }

    /**
     * Changes the table on every core of its tree: {@code done} gets null once every replica has applied the
     * change, or the code the round aborted with (then no replica applied it).
     */
    public void change(final byte[] change, final Completion<Void> done)
    {
        if (agreement.core() != sequencer)
        {
            agreement.propose(sequencer, table, change, done);
            return;
        }
        if (wider != null)
        {
            waiting.addLast(() -> change(change, done));
            return;
        }
        inFlight++;
        agreement.twoPhase(table, tree, change, (none, error) ->
        {
            inFlight--;
            done.complete(null, error);
            widenIfQuiet();
        });
    }

    /**
     * On the sequencer: from now on the table lives on every core of {@code to} (rooted at the sequencer); the
     * cores new to it first get {@code state}, the table as it stands, applied by one-phase commit.
     */
    public void widen(final MulticastTree to, final byte[] state)
    {
        if (agreement.core() != sequencer || to.core() != sequencer)
        {
            throw new IllegalArgumentException("only the sequencer, core " + sequencer + ", widens table " + table
                + ", along a tree rooted at it");
        }
        wider = to;
        snapshot = state;
        widenIfQuiet();
    }

    private void widenIfQuiet()
    {
        if (wider == null || inFlight > 0)
        {
            return;
        }
        tree = wider;
        wider = null;
        if (snapshot != null)
        {
            final byte[] state = snapshot;
            snapshot = null;
            agreement.onePhase(table, tree, state, (none, error) ->
            {
                // a core that did not confirm the snapshot is halted or stalled: the next two-phase round over
                // it aborts with AGREEMENT_TIMEOUT, so no change is applied without it
            });
        }
        while (!waiting.isEmpty() && wider == null)
        {
            waiting.pollFirst().run();
        }
    }

    /** A proposal from another core arrived at this sequencer. */
    void proposed(final byte[] change, final Completion<Void> done)
    {
        if (agreement.core() != sequencer)
        {
            done.complete(null, ErrorCode.AGREEMENT_UNKNOWN_TABLE);
            return;
        }
        change(change, done);
    }

    /** The tree the table's rounds travel now (on the sequencer). */
    public MulticastTree tree()
    {
        return tree;
    }
}
