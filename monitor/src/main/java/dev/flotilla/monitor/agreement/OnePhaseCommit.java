package dev.flotilla.monitor.agreement;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import dev.flotilla.lib.skb.MulticastTree;

/**
 * One round of one-phase commit at one node of its tree: the coordinator at the root, every other core
 * below it. There is no vote: each core applies the change as it passes, and the acknowledgements are
 * aggregated back up, so the coordinator's completion says that every core of the tree has applied it.
 *
 * <pre>
 *   coordinator                     inner node c                         leaf l
 *   apply(r, t, subtree(c), x) ---&gt;  apply(r, t, subtree(k), x) to each
 *                                   child k; commit(x) locally ----&gt;     commit(x)
 *                                   applied(r, s) from each child &lt;----  applied(r, null)
 *   applied(r, s) from each  &lt;----  after the last: applied(r, first s)
 *   child; after the last: done(s)
 *   at the bound, acknowledgements missing: done(AGREEMENT_TIMEOUT)
 * </pre>
 * States: APPLYING (sent on, waiting for the subtree's acknowledgements) -&gt; DONE. The status an
 * acknowledgement carries is null, or AGREEMENT_UNKNOWN_TABLE from a core with no participant for the table
 * (the first such status wins). One-phase commit cannot abort: a timeout says only that the coordinator could
 * not confirm every core; the cores that received the change have applied it.
 *
 * <p>A broadcast node ({@link MulticastTree#broadcast()}, its children leaves) sends no apply per child: it writes
 * one {@code BroadcastRecords.apply} record naming them into its broadcast channel, and each answers {@code applied}
 * on its own channel as above.
 */
final class OnePhaseCommit
{
    enum State
    {
        /** Forwarded to the children and applied here; waiting for the children's acknowledgements. */
        APPLYING,
        /** Answered: the parent was acknowledged (or, at the root, the coordinator's completion ran). */
        DONE
    }

    private final Agreement agreement;
    private final long round;
    private final int parent;
    private final Completion<Void> done;
    private final long deadlineNs;
    private State state = State.APPLYING;
    private int acksDue;
    private ErrorCode status;

    /**
     * @param parent     the core this node answers, or -1 at the root.
     * @param done       the coordinator's completion (root only, else null).
     * @param deadlineNs when the root gives up waiting (root only).
     */
    OnePhaseCommit(final Agreement agreement, final long round, final int parent, final Completion<Void> done,
        final long deadlineNs)
    {
        this.agreement = agreement;
        this.round = round;
        this.parent = parent;
        this.done = done;
        this.deadlineNs = deadlineNs;
    }

    /** Sends the change on to every child's subtree, then applies it here. */
    void begin(final int table, final MulticastTree node, final byte[] change, final Participant participant)
    {
        ErrorCode unsent = null;
        if (agreement.ringReaches(node))
        {
            unsent = agreement.broadcastApply(node, round, table, change);
            acksDue += unsent == null ? node.children().size() : 0;
        }
        else
        {
            for (final MulticastTree child : node.children())
            {
                if (agreement.sendApply(child, round, table, change))
                {
                    acksDue++;
                }
                else
                {
                    unsent = ErrorCode.AGREEMENT_NO_SUCH_CORE;
                }
            }
        }
        if (participant == null)
        {
            note(ErrorCode.AGREEMENT_UNKNOWN_TABLE);
        }
        else
        {
            participant.commit(round, change);
        }
        if (unsent != null)
        {
            note(unsent);
        }
        finishIfAcknowledged();
    }

    /** A child's subtree acknowledged. */
    void onApplied(final ErrorCode childStatus)
    {
        if (state != State.APPLYING)
        {
            return;
        }
        acksDue--;
        note(childStatus);
        finishIfAcknowledged();
    }

    /** At the root: gives up once the bound has passed; true if it did. */
    boolean expire(final long nowNs)
    {
        if (state != State.APPLYING || parent >= 0 || nowNs - deadlineNs < 0)
        {
            return false;
        }
        state = State.DONE;
        done.complete(null, ErrorCode.AGREEMENT_TIMEOUT);
        return true;
    }

    private void note(final ErrorCode code)
    {
        if (status == null)
        {
            status = code;
        }
    }

    private void finishIfAcknowledged()
    {
        if (acksDue > 0 || state == State.DONE)
        {
            return;
        }
        state = State.DONE;
        if (parent < 0)
        {
            done.complete(null, status);
        }
        else
        {
            agreement.sendApplied(parent, round, status);
        }
    }

    boolean isRoot()
    {
        return parent < 0;
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
