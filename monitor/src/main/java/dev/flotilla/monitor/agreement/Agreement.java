package dev.flotilla.monitor.agreement;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.monitor.broadcast.BroadcastFanout;
import dev.flotilla.monitor.broadcast.BroadcastRecordsCodec;
import dev.flotilla.monitor.intermon.CommitBinding;
import dev.flotilla.monitor.intermon.CommitHandler;
import dev.flotilla.platform.NanoClock;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agreement protocols of one core's monitor (paper §4.4, §5; Barrelfish's one- and two-phase commit):
 * this core coordinates rounds over a set of cores and takes part in the rounds other cores coordinate. Each
 * round is one state machine per core of its tree ({@link OnePhaseCommit}, {@link TwoPhaseCommit}), on the
 * messages of {@link dev.flotilla.monitor.intermon.Commit}, fanned out along the round's multicast tree and
 * aggregated back up it.
 *
 * <ul>
 *   <li><b>Split-phase.</b> {@link #onePhase} and {@link #twoPhase} return at once; the completion runs on this
 *       core when the round is decided.</li>
 *   <li><b>Pipelined.</b> Any number of rounds may be in flight, each with its own id
 *       ({@code coordinator << 40 | sequence}); this core decides the two-phase rounds it coordinates strictly in
 *       the order they started, so their decisions leave — and every core applies them — in that order.</li>
 *   <li><b>Bounded.</b> A round not answered within {@code boundNs} of the clock given here (a core halted or
 *       stalled) aborts with AGREEMENT_TIMEOUT; {@link #poll} checks the bounds on the monitor's steps and
 *       {@link #deadlineNs} says when the next one is due, so the core wakes for it.</li>
 *   <li><b>Tables.</b> A round changes one replicated table; each core has that table's {@link Participant},
 *       registered under the table's number.</li>
 *   <li><b>Broadcast.</b> A broadcast node of the tree ({@link MulticastTree#broadcast()}: the SKB's broadcast
 *       tree's root) writes each phase's message — apply; prepare, then decide — once into this core's broadcast
 *       channel ({@link BroadcastFanout}, a {@code BroadcastRecords} record naming the children), not once per
 *       child; each child answers on its own channel back, as on every tree. Without an interconnect for the
 *       channel it sends one message per child, as a flat tree does.</li>
 * </ul>
 * Core-confined: every method runs inside the monitor's step on its own core. It never reads a clock other
 * than the one it was given, never sleeps and starts no thread.
 */
public final class Agreement implements CommitHandler, BroadcastFanout.CommitReader
{
    /** A round id is its coordinator's core shifted by this, plus the coordinator's sequence number. */
    public static final int ROUND_CORE_SHIFT = 40;

    private final int core;
    private final int cores;
    private final NanoClock clock;
    private final long boundNs;
    private final CommitBinding[] peers;
    private final BroadcastFanout ring;
    private final Map<Integer, Participant> tables = new HashMap<>();
    private final Map<Integer, ReplicatedTable> sequenced = new HashMap<>();
    private final Map<Long, OnePhaseCommit> onePhase = new HashMap<>();
    private final Map<Long, TwoPhaseCommit> twoPhase = new HashMap<>();
    /** The two-phase rounds this core coordinates that are not yet decided, in the order they started. */
    private final ArrayDeque<TwoPhaseCommit> undecided = new ArrayDeque<>();
    /** Decisions that came before an earlier round's of their coordinator, prepared here: they wait for it. */
    private final TreeMap<Long, Boolean> held = new TreeMap<>();
    private long nextSequence;
    private long lateMessages;

    /**
     * @param core    this core.
     * @param cores   how many cores the system has.
     * @param clock   the platform's clock for this core, which the bounds are measured on.
     * @param boundNs how long a round may wait for its votes, and then for its acknowledgements.
     */
    public Agreement(final int core, final int cores, final NanoClock clock, final long boundNs)
    {
        this(core, cores, clock, boundNs, new BroadcastFanout(core, cores, null, 0));
    }

    /**
     * As above, with the phases along a broadcast node written into {@code ring}, this core's broadcast channels,
     * whose agreement records come here. Whoever made it attaches it to the ports and polls it.
     */
    public Agreement(final int core, final int cores, final NanoClock clock, final long boundNs,
        final BroadcastFanout ring)
    {
        if (boundNs <= 0)
        {
            throw new IllegalArgumentException("the agreement bound must be positive, was " + boundNs);
        }
        this.core = core;
        this.cores = cores;
        this.clock = clock;
        this.boundNs = boundNs;
        this.peers = new CommitBinding[cores];
        this.ring = ring;
        ring.serve(this);
    }

    /** The monitor now has {@code port} to the monitor of {@code peer}: carry the commit messages on it. */
    public void attach(final int peer, final Port port)
    {
        peers[peer] = new CommitBinding(port, this);
    }

    /** Makes {@code participant} this core's side of table {@code table}; one participant per table. */
    public void register(final int table, final Participant participant)
    {
        if (tables.putIfAbsent(table, participant) != null)
        {
            throw new IllegalStateException("core " + core + " already has a participant for table " + table);
        }
    }

    /** The replicated table {@code table} has its handle on this core, which takes the proposals sent here. */
    void sequence(final int table, final ReplicatedTable handle)
    {
        sequenced.put(table, handle);
    }

    /** Sends {@code change} to table {@code table}'s sequencer on core {@code sequencer}; done gets its round's outcome. */
    void propose(final int sequencer, final int table, final byte[] change, final Completion<Void> done)
    {
        final CommitBinding to = sequencer < cores ? peers[sequencer] : null;
        if (to == null)
        {
            done.complete(null, ErrorCode.AGREEMENT_NO_SUCH_CORE);
            return;
        }
        to.propose(table, change, done);
    }

    /** This core. */
    public int core()
    {
        return core;
    }

    /**
     * Starts a one-phase commit of {@code change} to {@code table} along {@code tree} (rooted at this core): every
     * core applies it; {@code done} runs once every core has (AGREEMENT_TIMEOUT if not all answer within the bound).
     *
     * @return the round's id, or -1 if it was refused at once (then {@code done} has run with the code).
     */
    public long onePhase(final int table, final MulticastTree tree, final byte[] change, final Completion<Void> done)
    {
        final ErrorCode refused = refuse(table, tree);
        if (refused != null)
        {
            done.complete(null, refused);
            return -1;
        }
        final long round = nextRound();
        final OnePhaseCommit root = new OnePhaseCommit(this, round, -1, done, clock.nanoTime() + boundNs);
        onePhase.put(round, root);
        root.begin(table, tree, change, tables.get(table));
        forgetIfDone(round, root);
        return round;
    }

    /**
     * Starts a two-phase commit of {@code change} to {@code table} along {@code tree} (rooted at this core).
     * {@code done} gets null once every core committed it, or the abort's code: a no vote's own code, or
     * AGREEMENT_TIMEOUT — then no core commits it. AGREEMENT_UNCONFIRMED means it committed but not every core
     * confirmed within the bound.
     *
     * @return the round's id, or -1 if it was refused at once (then {@code done} has run with the code).
     */
    public long twoPhase(final int table, final MulticastTree tree, final byte[] change, final Completion<Void> done)
    {
        final ErrorCode refused = refuse(table, tree);
        if (refused != null)
        {
            done.complete(null, refused);
            return -1;
        }
        final long round = nextRound();
        final TwoPhaseCommit root = new TwoPhaseCommit(this, round, -1, done, clock.nanoTime() + boundNs);
        twoPhase.put(round, root);
        undecided.addLast(root);
        root.begin(table, tree, change, tables.get(table));
        decideInOrder(clock.nanoTime());
        return round;
    }

    /** {@link #twoPhase} over {@code cores}, along the SKB's tree over every core ({@code full}) cut down to them. */
    public long twoPhase(final int table, final Collection<Integer> over, final MulticastTree full, final byte[] change,
        final Completion<Void> done)
    {
        final MulticastTree tree = restricted(full, over, done);
        return tree == null ? -1 : twoPhase(table, tree, change, done);
    }

    /** {@link #onePhase} over {@code cores}, along {@code full} cut down to them. */
    public long onePhase(final int table, final Collection<Integer> over, final MulticastTree full, final byte[] change,
        final Completion<Void> done)
    {
        final MulticastTree tree = restricted(full, over, done);
        return tree == null ? -1 : onePhase(table, tree, change, done);
    }

    /** {@code full} cut down to {@code over}; null once {@code done} has run with why it cannot be. */
    private static MulticastTree restricted(final MulticastTree full, final Collection<Integer> over,
        final Completion<Void> done)
    {
        try
        {
            return Fanout.restrict(full, over);
        }
        catch (final FlotillaException bad)
        {
            done.complete(null, bad.code());
            return null;
        }
    }

    private ErrorCode refuse(final int table, final MulticastTree tree)
    {
        final ErrorCode malformed = Fanout.check(tree, core, cores);
        if (malformed != null)
        {
            return malformed;
        }
        for (final int member : tree.cores())
        {
            if (member != core && peers[member] == null)
            {
                return ErrorCode.AGREEMENT_NO_SUCH_CORE;
            }
        }
        return tables.containsKey(table) ? null : ErrorCode.AGREEMENT_UNKNOWN_TABLE;
    }

    private long nextRound()
    {
        return (long)core << ROUND_CORE_SHIFT | nextSequence++;
    }

    /** Decides the coordinated two-phase rounds that can be, oldest first, stopping at the first that cannot yet. */
    private void decideInOrder(final long nowNs)
    {
        while (!undecided.isEmpty() && undecided.peekFirst().readyToDecide(nowNs))
        {
            undecided.pollFirst().decide(nowNs, boundNs);
        }
        twoPhase.values().removeIf(round -> round.state() == TwoPhaseCommit.State.DONE);
    }

    /**
     * Checks the bounds of the rounds this core coordinates; returns the work done. It walks copies of the
     * round tables: a completion that runs here may start the next round.
     */
    public int poll(final long nowNs)
    {
        if (onePhase.isEmpty() && twoPhase.isEmpty())
        {
            return 0;
        }
        int work = 0;
        for (final Map.Entry<Long, OnePhaseCommit> entry : List.copyOf(onePhase.entrySet()))
        {
            if (entry.getValue().expire(nowNs))
            {
                onePhase.remove(entry.getKey());
                work++;
            }
        }
        final int before = undecided.size();
        decideInOrder(nowNs);
        work += Math.max(0, before - undecided.size());
        for (final TwoPhaseCommit round : List.copyOf(twoPhase.values()))
        {
            work += round.expire(nowNs) ? 1 : 0;
        }
        twoPhase.values().removeIf(round -> round.state() == TwoPhaseCommit.State.DONE);
        return work;
    }

    /** The earliest bound of a round this core coordinates; Long.MAX_VALUE if none is in flight. */
    public long deadlineNs()
    {
        long deadline = Long.MAX_VALUE;
        for (final OnePhaseCommit round : onePhase.values())
        {
            if (round.isRoot())
            {
                deadline = Math.min(deadline, round.deadlineNs());
            }
        }
        for (final TwoPhaseCommit round : twoPhase.values())
        {
            if (round.isRoot())
            {
                deadline = Math.min(deadline, round.deadlineNs());
            }
        }
        return deadline;
    }

    /** Rounds this core takes part in (as coordinator or below) that are not over here. */
    public int inFlight()
    {
        return onePhase.size() + twoPhase.size();
    }

    /** Answers that arrived for rounds already over here (votes after a no or a timeout; acknowledgements after the bound). */
    public long lateMessages()
    {
        return lateMessages;
    }

    // ---- sending: false where this core has no channel to the child ----

    boolean sendApply(final MulticastTree child, final long round, final int table, final byte[] change)
    {
        final CommitBinding to = peers[child.core()];
        if (to == null)
        {
            return false;
        }
        to.apply(round, table, child.encode(), change);
        return true;
    }

    void sendApplied(final int parent, final long round, final ErrorCode status)
    {
        peers[parent].applied(round, status);
    }

    boolean sendPrepare(final MulticastTree child, final long round, final int table, final byte[] change)
    {
        final CommitBinding to = peers[child.core()];
        if (to == null)
        {
            return false;
        }
        to.prepare(round, table, child.encode(), change);
        return true;
    }

    void sendVote(final int parent, final long round, final ErrorCode vote)
    {
        peers[parent].vote(round, vote);
    }

    void sendDecide(final int child, final long round, final boolean commit)
    {
        peers[child].decide(round, commit);
    }

    void sendDecided(final int parent, final long round)
    {
        peers[parent].decided(round);
    }

    /** True if {@code node}'s children are reached through this core's broadcast channel, one record for all. */
    boolean ringReaches(final MulticastTree node)
    {
        return node.broadcast() && !node.children().isEmpty() && ring.available();
    }

    /** Writes apply once for every child of the broadcast node {@code node}; null, or why it could not. */
    ErrorCode broadcastApply(final MulticastTree node, final long round, final int table, final byte[] change)
    {
        return refusal(ring.send(coresOf(node.children()),
            targets -> BroadcastRecordsCodec.apply(round, table, targets, change)));
    }

    /** Writes prepare once for every child of the broadcast node {@code node}; null, or why it could not. */
    ErrorCode broadcastPrepare(final MulticastTree node, final long round, final int table, final byte[] change)
    {
        return refusal(ring.send(coresOf(node.children()),
            targets -> BroadcastRecordsCodec.prepare(round, table, targets, change)));
    }

    /** Writes the decision once for {@code children}, which took the prepare from the ring; null, or why not. */
    ErrorCode broadcastDecide(final List<MulticastTree> children, final long round, final boolean commit)
    {
        return refusal(ring.send(coresOf(children), targets -> BroadcastRecordsCodec.decide(round, commit, targets)));
    }

    private static List<Integer> coresOf(final List<MulticastTree> nodes)
    {
        return nodes.stream().map(MulticastTree::core).toList();
    }

    private static ErrorCode refusal(final BroadcastFanout.Refusal refused)
    {
        if (refused == null)
        {
            return null;
        }
        return switch (refused)
        {
            case NO_CHANNEL -> ErrorCode.TRANSPORT_UNAVAILABLE;
            case NOT_A_READER -> ErrorCode.AGREEMENT_NO_SUCH_CORE;
            case TOO_LONG -> ErrorCode.MESSAGE_TOO_LONG;
        };
    }

    // ---- receiving ----

    @Override
    public void onApply(final CommitBinding from, final long round, final int table, final long[] subtree,
        final byte[] change)
    {
        final MulticastTree node = subtreeOf(from, subtree);
        if (node == null)
        {
            return;
        }
        if (onePhase.containsKey(round))
        {
            from.unexpected("apply for round " + round + ", which is already in flight here");
            return;
        }
        final OnePhaseCommit here = new OnePhaseCommit(this, round, parentOf(from), null, Long.MAX_VALUE);
        onePhase.put(round, here);
        here.begin(table, node, change, tables.get(table));
        forgetIfDone(round, here);
    }

    @Override
    public void onApplied(final CommitBinding from, final long round, final ErrorCode status)
    {
        final OnePhaseCommit here = onePhase.get(round);
        if (here == null)
        {
            lateMessages++;
            return;
        }
        here.onApplied(status);
        forgetIfDone(round, here);
    }

    @Override
    public void onPrepare(final CommitBinding from, final long round, final int table, final long[] subtree,
        final byte[] change)
    {
        final MulticastTree node = subtreeOf(from, subtree);
        if (node == null)
        {
            return;
        }
        if (twoPhase.containsKey(round))
        {
            from.unexpected("prepare for round " + round + ", which is already in flight here");
            return;
        }
        final TwoPhaseCommit here = new TwoPhaseCommit(this, round, parentOf(from), null, Long.MAX_VALUE);
        twoPhase.put(round, here);
        here.begin(table, node, change, tables.get(table));
    }

    @Override
    public void onVote(final CommitBinding from, final long round, final ErrorCode vote)
    {
        final TwoPhaseCommit here = twoPhase.get(round);
        if (here == null)
        {
            lateMessages++;
            return;
        }
        here.onVote(vote);
        if (here.isRoot())
        {
            decideInOrder(clock.nanoTime());
        }
    }

    @Override
    public void onDecide(final CommitBinding from, final long round, final boolean commit)
    {
        final TwoPhaseCommit here = twoPhase.get(round);
        if (here == null || here.isRoot())
        {
            from.unexpected("decide for round " + round + ", which this core never prepared");
            return;
        }
        take(round, commit);
    }

    /**
     * Applies the coordinator's decision on {@code round}, prepared here — unless an earlier round of the same
     * coordinator is prepared here and still undecided: the coordinator decides in start order, so that round's
     * decision has left before this one, on another path (its tree's, or the broadcast channel), and this one
     * waits for it. So every core applies one coordinator's decisions in the order its rounds started, whatever
     * trees and transports they took.
     */
    private void take(final long round, final boolean commit)
    {
        if (waitsForEarlier(round))
        {
            held.put(round, commit);
            return;
        }
        decideHere(round, commit);
        boolean released = true;
        while (released && !held.isEmpty())
        {
            released = false;
            for (final Map.Entry<Long, Boolean> waiting : List.copyOf(held.entrySet()))
            {
                if (!waitsForEarlier(waiting.getKey()))
                {
                    held.remove(waiting.getKey());
                    decideHere(waiting.getKey(), waiting.getValue());
                    released = true;
                }
            }
        }
    }

    private boolean waitsForEarlier(final long round)
    {
        final long coordinator = round >>> ROUND_CORE_SHIFT;
        for (final TwoPhaseCommit other : twoPhase.values())
        {
            if (!other.isRoot() && other.round() >>> ROUND_CORE_SHIFT == coordinator && other.round() < round
                && other.undecided())
            {
                return true;
            }
        }
        return false;
    }

    private void decideHere(final long round, final boolean commit)
    {
        final TwoPhaseCommit here = twoPhase.get(round);
        here.onDecide(commit);
        if (here.state() == TwoPhaseCommit.State.DONE)
        {
            twoPhase.remove(round);
        }
    }

    @Override
    public void onDecided(final CommitBinding from, final long round)
    {
        final TwoPhaseCommit here = twoPhase.get(round);
        if (here == null)
        {
            lateMessages++;
            return;
        }
        here.onDecided();
        if (here.state() == TwoPhaseCommit.State.DONE)
        {
            twoPhase.remove(round);
        }
    }

    // ---- receiving from the broadcast channels this core reads: a core among the targets is a leaf of the writer ----

    @Override
    public void onBroadcastApply(final int writer, final long round, final int table, final long[] targets,
        final byte[] change)
    {
        if (!BroadcastFanout.targets(targets, core) || peers[writer] == null)
        {
            return; // a round for other cores of the channel (or from a core this one cannot answer)
        }
        if (onePhase.containsKey(round))
        {
            peers[writer].unexpected("broadcast apply for round " + round + ", which is already in flight here");
            return;
        }
        final OnePhaseCommit here = new OnePhaseCommit(this, round, writer, null, Long.MAX_VALUE);
        onePhase.put(round, here);
        here.begin(table, leaf(), change, tables.get(table));
        forgetIfDone(round, here);
    }

    @Override
    public void onBroadcastPrepare(final int writer, final long round, final int table, final long[] targets,
        final byte[] change)
    {
        if (!BroadcastFanout.targets(targets, core) || peers[writer] == null)
        {
            return;
        }
        if (twoPhase.containsKey(round))
        {
            peers[writer].unexpected("broadcast prepare for round " + round + ", which is already in flight here");
            return;
        }
        final TwoPhaseCommit here = new TwoPhaseCommit(this, round, writer, null, Long.MAX_VALUE);
        twoPhase.put(round, here);
        here.begin(table, leaf(), change, tables.get(table));
    }

    @Override
    public void onBroadcastDecide(final int writer, final long round, final boolean commit, final long[] targets)
    {
        if (!BroadcastFanout.targets(targets, core) || peers[writer] == null)
        {
            return;
        }
        final TwoPhaseCommit here = twoPhase.get(round);
        if (here == null || here.isRoot())
        {
            peers[writer].unexpected("broadcast decide for round " + round + ", which this core never prepared");
            return;
        }
        take(round, commit);
    }

    private MulticastTree leaf()
    {
        return new MulticastTree(core, List.of());
    }

    @Override
    public void onPropose(final CommitBinding.ProposeRequest request, final int table, final byte[] change)
    {
        final ReplicatedTable handle = sequenced.get(table);
        if (handle == null)
        {
            request.answer(ErrorCode.AGREEMENT_UNKNOWN_TABLE);
            return;
        }
        handle.proposed(change, (none, error) -> request.answer(error));
    }

    /** The subtree a fan-out message hands this core, or null (reported) if it is malformed or someone else's. */
    private MulticastTree subtreeOf(final CommitBinding from, final long[] words)
    {
        final MulticastTree node;
        try
        {
            node = MulticastTree.decode(words, 0, words.length);
        }
        catch (final IllegalArgumentException malformed)
        {
            from.unexpected("a round with a malformed subtree: " + malformed.getMessage());
            return null;
        }
        if (node.core() != core)
        {
            from.unexpected("a round with the subtree of core " + node.core());
            return null;
        }
        return node;
    }

    private static int parentOf(final CommitBinding from)
    {
        return from.port().channel().remoteCore();
    }

    private void forgetIfDone(final long round, final OnePhaseCommit here)
    {
        if (here.state() == OnePhaseCommit.State.DONE)
        {
            onePhase.remove(round);
        }
    }
}
