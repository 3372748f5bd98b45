package dev.flotilla.monitor.agreement;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import dev.flotilla.lib.skb.MulticastTree;
import java.util.ArrayList;
import java.util.List;

/**
 * One round of two-phase commit at one node of its tree: the coordinator at the root, every other core
 * below it. Votes and acknowledgements are aggregated on the way up: an inner node answers its parent for
 * its whole subtree.
 *
 * <pre>
 *   coordinator                     inner node c                          leaf l
 *   prepare(r, t, subtree(c), x) -&gt; prepare(r, t, subtree(k), x) to each
 *                                   child k; vote locally -----------&gt;    prepare(x): vote
 *                                   vote(r, v) from each child  &lt;-------  vote(r, v)
 *   vote(r, v) from each child &lt;--- yes once the whole subtree said yes;
 *                                   a no at once, with its code
 *   all yes: commit; a no, or the bound passed: abort  (decided in the order rounds started)
 *   decide(r, commit) ---------&gt;    decide(r, commit) to each child;
 *                                   commit(x) or abort(x) locally -----&gt;  decide: commit(x) or abort(x)
 *                                   decided(r) from each child &lt;-------  decided(r)
 *   decided(r) from each child &lt;--- after the last: decided(r)
 *   commit: done(null) once every core decided (AGREEMENT_UNCONFIRMED at the bound);
 *   abort: done(code) at the decision (the no's code, or AGREEMENT_TIMEOUT)
 * </pre>
 * States: VOTING (prepared, collecting the subtree's votes) -&gt; VOTED (the subtree's vote sent up; at the root:
 * ready to decide) -&gt; COMMITTING or ABORTING (decision forwarded, collecting acknowledgements) -&gt; DONE.
 * A node that has sent its vote ignores later votes from its subtree (after an early no); the decision may
 * arrive while it is still VOTING (the coordinator timed out or heard a no elsewhere).
 *
 * <p>A broadcast node ({@link MulticastTree#broadcast()}, its children leaves) sends neither prepare nor decide per
 * child: it writes one {@code BroadcastRecords.prepare} record naming them into its broadcast channel, and later one
 * {@code decide} record for the same children, behind the prepare in the same ring; each child answers {@code vote}
 * and {@code decided} on its own channel as above.
 *
 * <p>Invariants: the coordinator decides commit only when every core of the tree voted yes, so no core commits
 * a change another refused; a core that voted yes waits for the decision however long it takes (blocking
 * two-phase commit: it never decides alone), and every core that prepared gets the one decision, down the
 * same FIFO channels its prepare came by.
 */
final class TwoPhaseCommit
{
    enum State
    {
        /** Prepared here and sent on; collecting the children's votes. */
        VOTING,
        /** The subtree's vote is known and sent up (at the root: ready to decide). */
        VOTED,
        /** Commit decided: forwarded, applied here, collecting acknowledgements. */
        COMMITTING,
        /** Abort decided: forwarded, released here, collecting acknowledgements. */
        ABORTING,
        /** Answered: the parent was acknowledged, or at the root the round is over. */
        DONE
    }

    private final Agreement agreement;
    private final long round;
    private final int parent;
    private final Completion<Void> done;
    private final List<MulticastTree> reached = new ArrayList<>();
    private Participant participant;
    private byte[] change;
    private State state = State.VOTING;
    private long deadlineNs;
    private int votesDue;
    private int acksDue;
    private boolean preparedHere;
    /** True if the prepare reached the children through this core's broadcast channel: so does the decision. */
    private boolean viaRing;
    private ErrorCode vote;

    /**
     * @param parent     the core this node answers, or -1 at the root.
     * @param done       the coordinator's completion (root only, else null).
     * @param deadlineNs when the root stops waiting for votes (root only).
     */
    TwoPhaseCommit(final Agreement agreement, final long round, final int parent, final Completion<Void> done,
        final long deadlineNs)
    {
        this.agreement = agreement;
        this.round = round;
        this.parent = parent;
        this.done = done;
        this.deadlineNs = deadlineNs;
    }

    /** Sends prepare on to every child's subtree, then votes here. */
    void begin(final int table, final MulticastTree node, final byte[] proposed, final Participant local)
    {
        this.participant = local;
        this.change = proposed;
        ErrorCode unsent = null;
        if (agreement.ringReaches(node))
        {
            unsent = agreement.broadcastPrepare(node, round, table, proposed);
            if (unsent == null)
            {
                viaRing = true;
                reached.addAll(node.children());
                votesDue += node.children().size();
            }
        }
        else
        {
            for (final MulticastTree child : node.children())
            {
                if (agreement.sendPrepare(child, round, table, proposed))
                {
                    reached.add(child);
                    votesDue++;
                }
                else
                {
                    unsent = ErrorCode.AGREEMENT_NO_SUCH_CORE;
                }
            }
        }
        final ErrorCode own = local == null ? ErrorCode.AGREEMENT_UNKNOWN_TABLE : local.prepare(round, proposed);
        preparedHere = own == null;
        record(own != null ? own : unsent);
    }

    /** A child's subtree voted: null for yes. */
    void onVote(final ErrorCode childVote)
    {
        if (state != State.VOTING)
        {
            return; // this node already voted no for its subtree, or the decision overtook the vote
        }
        votesDue--;
        record(childVote);
    }

    private void record(final ErrorCode no)
    {
        if (no != null && vote == null)
        {
            vote = no;
        }
        if (vote != null || votesDue == 0)
        {
            state = State.VOTED;
            if (parent >= 0)
            {
                agreement.sendVote(parent, round, vote);
            }
        }
    }

    /** At the root: true once the round can be decided — every vote in, a no heard, or the bound passed. */
    boolean readyToDecide(final long nowNs)
    {
        return state == State.VOTED || state == State.VOTING && nowNs - deadlineNs >= 0;
    }

    /** At the root: decides, tells every core below, and answers the coordinator now if it aborts. */
    void decide(final long nowNs, final long boundNs)
    {
        final boolean commit = state == State.VOTED && vote == null;
        final ErrorCode reason = commit ? null : vote != null ? vote : ErrorCode.AGREEMENT_TIMEOUT;
        deadlineNs = nowNs + boundNs;
        if (!commit)
        {
            done.complete(null, reason);
        }
        apply(commit);
    }

    /** Below the root: the coordinator's decision arrived. */
    void onDecide(final boolean commit)
    {
        apply(commit);
    }

    private void apply(final boolean commit)
    {
        state = commit ? State.COMMITTING : State.ABORTING;
        if (viaRing && agreement.broadcastDecide(reached, round, commit) == null)
        {
            acksDue += reached.size();
        }
        else
        {
            // (a ring that took the prepare takes the decision, which is shorter: this is for the channels)
            for (final MulticastTree child : reached)
            {
                agreement.sendDecide(child.core(), round, commit);
                acksDue++;
            }
        }
        if (commit)
        {
            participant.commit(round, change);
        }
        else if (preparedHere)
        {
            participant.abort(round, change);
        }
        change = null;
        finishIfAcknowledged();
    }

    /** A child's subtree applied the decision. */
    void onDecided()
    {
        if (state != State.COMMITTING && state != State.ABORTING)
        {
            return;
        }
        acksDue--;
        finishIfAcknowledged();
    }

    private void finishIfAcknowledged()
    {
        if (acksDue > 0)
        {
            return;
        }
        final boolean committed = state == State.COMMITTING;
        state = State.DONE;
        if (parent >= 0)
        {
            agreement.sendDecided(parent, round);
        }
        else if (committed)
        {
            done.complete(null, null);
        }
    }

    /**
     * At the root, after the decision: stops waiting for acknowledgements once the bound has passed (a
     * committed round then answers AGREEMENT_UNCONFIRMED; an aborted one was answered at its decision).
     */
    boolean expire(final long nowNs)
    {
        if (parent >= 0 || state != State.COMMITTING && state != State.ABORTING || nowNs - deadlineNs < 0)
        {
            return false;
        }
        final boolean committed = state == State.COMMITTING;
        state = State.DONE;
        if (committed)
        {
            done.complete(null, ErrorCode.AGREEMENT_UNCONFIRMED);
        }
        return true;
    }

    boolean isRoot()
    {
        return parent < 0;
    }

    long round()
    {
        return round;
    }

    /** True while the decision has not been taken here: prepared, voting or voted. */
    boolean undecided()
    {
        return state == State.VOTING || state == State.VOTED;
    }

    long deadlineNs()
    {
        return deadlineNs;
    }

    State state()
    {
        return state;
    }
}
