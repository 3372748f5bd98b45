package dev.flotilla.monitor.shootdown;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.lib.vm.ShootdownInterfaceBinding;
import java.util.List;

/**
 * One TLB shootdown round at one node of its tree (paper §5: the unmap's one-phase commit). The node forwards
 * the round to each child with the subtree the child must serve, asks each of its own dispatchers of the domain
 * to drop the region, and answers its parent once every child and every local dispatcher has answered.
 *
 * <pre>
 *  parent / initiator              this node (DROPPING)                         child k         dispatcher d
 *  shootdown(r, dom, a, sub) ───▶  shootdown(r, dom, a, sub(k)) to each child ─▶
 *                                  drop(a) to each local dispatcher of dom ───────────────────▶ vspace.shootdown(a)
 *                                  ◀── dropped(r, s) from each child ────────── (its subtree done)
 *                                  ◀── drop answered ──────────────────────────────────────────
 *  ◀── dropped(r, first s) ──────  after the last answer: DONE
 *  at the root: done(s); past the bound with answers missing: done(SHOOTDOWN_TIMEOUT)
 * </pre>
 * A broadcast node ({@link MulticastTree#broadcast()}) forwards nothing per child: it writes the round once into its
 * broadcast channel ({@link dev.flotilla.monitor.broadcast.BroadcastFanout}), every child (a leaf) takes it from there and answers
 * {@code dropped} on its own channel as above.
 * A dispatcher that ended meanwhile ({@code CHANNEL_CLOSED}) counts as dropped: nothing of it can translate any
 * more. Core-confined.
 */
final class ShootdownRound
{
    /** Where the round stands at this node. */
    enum State
    {
        /** Forwarded and asked; answers outstanding. */
        DROPPING,
        /** Every answer in (or, at the root, the bound passed); the parent or the initiator has been told. */
        DONE
    }

    private final TlbShootdowns core;
    private final long round;
    private final int parent;
    private final Completion<Void> done;
    private final long deadlineNs;
    private State state = State.DROPPING;
    private int outstanding;
    private ErrorCode status;

    /**
     * @param parent     the parent's core, or -1 at the root.
     * @param done       the initiator's completion at the root; null elsewhere.
     * @param deadlineNs at the root, when missing answers time the round out; Long.MAX_VALUE elsewhere.
     */
    ShootdownRound(final TlbShootdowns core, final long round, final int parent, final Completion<Void> done,
        final long deadlineNs)
    {
        this.core = core;
        this.round = round;
        this.parent = parent;
        this.done = done;
        this.deadlineNs = deadlineNs;
    }

    /** Fans out to {@code node}'s children and to {@code locals}, this core's dispatchers of the domain. */
    void begin(final long domain, final long address, final MulticastTree node,
        final List<ShootdownInterfaceBinding> locals)
    {
        if (node.broadcast() && !node.children().isEmpty())
        {
            final ErrorCode refused = core.sendBroadcast(node, round, domain, address);
            if (refused == null)
            {
                outstanding += node.children().size();
            }
            else
            {
                note(refused);
            }
        }
        else
        {
            for (final MulticastTree child : node.children())
            {
                if (core.sendShootdown(child, round, domain, address))
                {
                    outstanding++;
                }
                else
                {
                    note(ErrorCode.SHOOTDOWN_BAD_TREE);
                }
            }
        }
        for (final ShootdownInterfaceBinding local : locals)
        {
            outstanding++;
            local.drop(address, (none, error) -> answered(error == ErrorCode.CHANNEL_CLOSED ? null : error));
        }
        if (outstanding == 0)
        {
            finish();
        }
    }

    /** A child's subtree, or a local dispatcher, answered. */
    void answered(final ErrorCode answer)
    {
        if (state == State.DONE)
        {
            return; // the root timed out before
        }
        note(answer);
        if (--outstanding == 0)
        {
            finish();
        }
    }

    /** At the root: past the bound with answers missing, the round ends with SHOOTDOWN_TIMEOUT; true if it did. */
    boolean expire(final long nowNs)
    {
        if (state == State.DONE || parent >= 0 || nowNs < deadlineNs)
        {
            return false;
        }
        state = State.DONE;
        done.complete(null, ErrorCode.SHOOTDOWN_TIMEOUT);
        return true;
    }

    State state()
    {
        return state;
    }

    boolean isRoot()
    {
        return parent < 0;
    }

    long deadlineNs()
    {
        return deadlineNs;
    }

    private void note(final ErrorCode answer)
    {
        if (answer != null && status == null)
        {
            status = answer;
        }
    }

    private void finish()
    {
        state = State.DONE;
        core.forget(round); // the last answer may be a local dispatcher's, which no round table lookup follows
        if (parent < 0)
        {
            done.complete(null, status);
        }
        else
        {
            core.sendDropped(parent, round, status);
        }
    }
}
