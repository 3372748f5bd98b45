package dev.flotilla.monitor.intermon;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * The agreement protocols of {@code dev.flotilla.monitor.agreement}: one- and two-phase commit fanned out
 * along a multicast tree and collected back up it. Every message names its round ({@code coordinator << 40 |
 * sequence}); the change itself is opaque bytes that only the table's participants read. Each inner node
 * forwards to its children and answers its parent once its whole subtree has (aggregation).
 *
 * <pre>
 *   one-phase commit (OnePhaseCommit):
 *     apply(round, table, subtree, change)     parent -&gt; child   commit this change; forward to the subtree
 *     applied(round, status)                   child -&gt; parent   the whole subtree applied it (or a status)
 *
 *   two-phase commit (TwoPhaseCommit):
 *     prepare(round, table, subtree, change)   parent -&gt; child   vote on this change; forward to the subtree
 *     vote(round, vote)                        child -&gt; parent   null: the whole subtree votes yes; else the
 *                                                                first no's code
 *     decide(round, commit)                    parent -&gt; child   the coordinator's decision; forward it
 *     decided(round)                           child -&gt; parent   the whole subtree applied the decision
 *
 *   a replicated table's changes, serialised by its sequencer (ReplicatedTable):
 *     propose(table, change)                   i -&gt; sequencer   rpc: run a two-phase round for this change;
 *                                                                answered with the round's outcome
 * </pre>
 * Interface ids 150–159 are kept for agreement protocols.
 */
@MessageInterface(id = 150, description = "one- and two-phase commit along a multicast tree")
public interface Commit
{
    @Message
    void apply(long round, int table, long[] subtree, byte[] change);

    @Message
    void applied(long round, ErrorCode status);

    @Message
    void prepare(long round, int table, long[] subtree, byte[] change);

    @Message
    void vote(long round, ErrorCode vote);

    @Message
    void decide(long round, boolean commit);

    @Message
    void decided(long round);

    @Rpc
    void propose(int table, byte[] change);
}
