package dev.flotilla.monitor.agreement;

import dev.flotilla.base.ErrorCode;

/**
 * The local side of a replicated table on one core: the check a core votes with, and how it applies a
 * decision. Called only on its own core, inside the monitor's step, one call at a time.
 *
 * <p>The contract, per round on this core:
 * <ul>
 *   <li>two-phase commit: {@link #prepare} once; then, only if it voted yes, exactly one of {@link #commit}
 *       or {@link #abort}, when the coordinator's decision arrives. A core that voted no hears nothing more
 *       of the round (it held nothing). Between a yes and the decision the participant must keep the change
 *       committable: it holds whatever the change needs (the name it claims, say), and votes later rounds
 *       as if the change were in;</li>
 *   <li>one-phase commit: {@link #commit} once, with no vote: one-phase changes are ones every core must
 *       accept as they come.</li>
 * </ul>
 * Decisions of one coordinator arrive in the order its rounds started (its rounds share one tree of
 * FIFO channels, and it decides them in order), so every core applies them in the same order.
 */
public interface Participant
{
    /**
     * Votes on {@code change}: null for yes (and the participant now holds it committable), else why not
     * (the round then aborts on every core with this code).
     */
    ErrorCode prepare(long round, byte[] change);

    /** Applies {@code change}: in two-phase commit every core voted yes; in one-phase commit there was no vote. */
    void commit(long round, byte[] change);

    /** Releases what {@link #prepare} held for {@code change}: the round aborted. */
    void abort(long round, byte[] change);
}
