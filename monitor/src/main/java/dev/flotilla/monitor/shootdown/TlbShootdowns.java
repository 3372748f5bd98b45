package dev.flotilla.monitor.shootdown;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.Launch;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.lib.vm.ShootdownInterfaceBinding;
import dev.flotilla.lib.vm.ShootdownInterfaceHandler;
import dev.flotilla.monitor.agreement.Fanout;
import dev.flotilla.monitor.broadcast.BroadcastFanout;
import dev.flotilla.monitor.broadcast.BroadcastRecordsCodec;
import dev.flotilla.monitor.intermon.ShootdownBinding;
import dev.flotilla.monitor.intermon.ShootdownHandler;
import dev.flotilla.platform.NanoClock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * One core's monitor's part in unmap with TLB shootdown (paper §5, Figs. 6–7). It serves its dispatchers'
 * {@link dev.flotilla.lib.vm.ShootdownInterface} — which of them cache translations of which domain, and their
 * requests to shoot a region down — and runs the rounds ({@link ShootdownRound}) along the tree each request
 * names, taking part in the rounds other cores start ({@link dev.flotilla.monitor.intermon.Shootdown}).
 *
 * <pre>
 *   dispatcher d of domain D on c: caches()             c records d under D
 *   dispatcher d on c: shootdown(a, tree)               c checks the tree (rooted at c, each core once, all exist),
 *                                                       starts round r = c &lt;&lt; 40 | seq along it; d's answer is
 *                                                       the round's outcome
 *   every node: drop(a) to each recorded dispatcher of D on its core except the initiator; dropped up the tree
 * </pre>
 * The tree is the caller's: the SKB's broadcast, unicast, multicast or NUMA-aware tree (which is how the fan-out
 * strategy is chosen), cut down to the cores the domain spans as this core's replica of the domain table has them
 * (the SKB's tree over every core then reaches exactly the cores that may cache the translation). Rounds are split-phase and may overlap. Core-confined: runs in the monitor's step; reads
 * only the clock it was given, for the bound.
 *
 * <p>The broadcast tree is flat with a broadcast root ({@link MulticastTree#broadcast()}): its round is written once
 * into this core's broadcast channel as one {@code BroadcastRecords.shootdown} record ({@link BroadcastFanout},
 * shared with the agreement protocols: made on its first use, the other monitors joining it by
 * {@code Broadcast.join}), and every core takes it from there; the answers come back one per core on the monitors'
 * own channels, as on every tree.
 */
public final class TlbShootdowns implements ShootdownHandler, BroadcastFanout.ShootdownReader
{
    private static final int ROUND_CORE_SHIFT = 40;

    private final int core;
    private final int cores;
    private final NanoClock clock;
    private final long boundNs;
    private final ShootdownBinding[] peers;
    /** The cores a domain spans, from this core's replica of the domain table; null for a domain it does not hold. */
    private final LongFunction<List<Integer>> spans;
    /** This core's dispatchers that cache translations, by domain. */
    private final Map<Long, List<ShootdownInterfaceBinding>> caching = new HashMap<>();
    private final Map<Long, ShootdownRound> rounds = new HashMap<>();
    private final BroadcastFanout broadcast;
    private long nextSequence;
    private long lateAnswers;
    private long started;

    /**
     * @param core    this core.
     * @param cores   the system's cores.
     * @param clock   the platform's clock for this core.
     * @param boundNs how long a round this core starts may wait for its answers.
     */
    public TlbShootdowns(final int core, final int cores, final NanoClock clock, final long boundNs)
    {
        this(core, cores, clock, boundNs, domain -> null);
    }

    /**
     * As above, cutting each round's tree down to the cores its domain spans, as {@code spans} reads them from this
     * core's replica of the domain table (null: a domain the table does not hold; the round takes the whole tree).
     */
    public TlbShootdowns(final int core, final int cores, final NanoClock clock, final long boundNs,
        final LongFunction<List<Integer>> spans)
    {
        this(core, cores, clock, boundNs, spans, new BroadcastFanout(core, cores, null, 0));
    }

    /**
     * As above, with the broadcast strategy's rounds written into {@code broadcast}, this core's broadcast channels
     * (one without an interconnect refuses them: TRANSPORT_UNAVAILABLE); its shootdown records come here. Whoever
     * made it attaches it to the ports and polls it.
     */
    public TlbShootdowns(final int core, final int cores, final NanoClock clock, final long boundNs,
        final LongFunction<List<Integer>> spans, final BroadcastFanout broadcast)
    {
        this.broadcast = broadcast;
        broadcast.serve(this);
        this.spans = spans;
        this.core = core;
        this.cores = cores;
        this.clock = clock;
        this.boundNs = boundNs;
        this.peers = new ShootdownBinding[cores];
    }

    /** The monitor has {@code port} to the monitor of {@code peer}: carry the shootdown messages on it. */
    public void attach(final int peer, final Port port)
    {
        peers[peer] = new ShootdownBinding(port, this);
    }

    /** Serves the shootdown interface of a dispatcher of {@code launch} on {@code port}, its LMP channel's port here. */
    public void serve(final Launch launch, final Port port)
    {
        new ShootdownInterfaceBinding(port, new ShootdownInterfaceHandler()
        {
            @Override
            public void onCaches(final ShootdownInterfaceBinding from)
            {
                if (launch.isDomain())
                {
                    caching.computeIfAbsent(launch.domainId(), d -> new ArrayList<>()).add(from);
                }
            }

            @Override
            public void onShootdown(final ShootdownInterfaceBinding.ShootdownRequest request, final long address,
                final long[] tree)
            {
                if (!launch.isDomain())
                {
                    request.answer(ErrorCode.SHOOTDOWN_NOT_A_DOMAIN);
                    return;
                }
                final MulticastTree decoded;
                try
                {
                    decoded = MulticastTree.decode(tree, 0, tree.length);
                }
                catch (final IllegalArgumentException malformed)
                {
                    request.answer(ErrorCode.SHOOTDOWN_BAD_TREE);
                    return;
                }
                start(launch.domainId(), address, decoded, request.binding(), (none, error) ->
                {
                    if (error == null)
                    {
                        request.reply();
                    }
                    else
                    {
                        request.answer(error);
                    }
                });
            }

            @Override
            public void onDrop(final ShootdownInterfaceBinding.DropRequest request, final long address)
            {
                request.answer(ErrorCode.SHOOTDOWN_NOT_A_DOMAIN); // the monitor's to ask, not to be asked
            }
        });
    }

    /**
     * Starts a shootdown of {@code address} in {@code domain} along {@code tree} (rooted at this core); every
     * recorded dispatcher of the domain on the tree's cores drops it, except {@code initiator} (which unmapped it
     * itself; null: none is spared). {@code done} runs once all answered: null, or the first code, or
     * SHOOTDOWN_TIMEOUT past the bound; SHOOTDOWN_BAD_TREE at once for a tree that cannot carry it.
     *
     * @return the round's id, or -1 if refused at once.
     */
    public long start(final long domain, final long address, final MulticastTree tree,
        final ShootdownInterfaceBinding initiator, final Completion<Void> done)
    {
        if (!wellFormed(tree))
        {
            done.complete(null, ErrorCode.SHOOTDOWN_BAD_TREE);
            return -1;
        }
        final long round = (long)core << ROUND_CORE_SHIFT | nextSequence++;
        started++;
        final ShootdownRound root = new ShootdownRound(this, round, -1, done, clock.nanoTime() + boundNs);
        rounds.put(round, root);
        root.begin(domain, address, spanned(domain, tree), localsOf(domain, initiator));
        return round;
    }

    /**
     * Checks the bounds of the rounds this core started; returns the work done. (The rounds that arrive on the
     * broadcast channels come in the fan-out's poll.)
     */
    public int poll(final long nowNs)
    {
        int work = 0;
        if (rounds.isEmpty())
        {
            return work;
        }
        for (final Map.Entry<Long, ShootdownRound> entry : List.copyOf(rounds.entrySet()))
        {
            if (entry.getValue().expire(nowNs))
            {
                rounds.remove(entry.getKey());
                work++;
            }
        }
        return work;
    }

    /** The earliest bound of a round this core started; Long.MAX_VALUE if none is in flight. */
    public long deadlineNs()
    {
        long deadline = Long.MAX_VALUE;
        for (final ShootdownRound round : rounds.values())
        {
            if (round.isRoot())
            {
                deadline = Math.min(deadline, round.deadlineNs());
            }
        }
        return deadline;
    }

    /** Rounds in flight here (started here or passing through). */
    public int inFlight()
    {
        return rounds.size();
    }

    /** Rounds this core started. */
    public long started()
    {
        return started;
    }

    /** Answers that came for rounds already over here (after a timeout). */
    public long lateAnswers()
    {
        return lateAnswers;
    }

    /** How many of this core's dispatchers of {@code domain} cache translations. */
    public int caching(final long domain)
    {
        return caching.getOrDefault(domain, List.of()).size();
    }

    // ---- the tree's messages ----

    boolean sendShootdown(final MulticastTree child, final long round, final long domain, final long address)
    {
        final ShootdownBinding to = peers[child.core()];
        if (to == null)
        {
            return false;
        }
        to.shootdown(round, domain, address, child.encode());
        return true;
    }

    /** Writes the round once for every child of the broadcast node {@code node}; null, or why it could not. */
    ErrorCode sendBroadcast(final MulticastTree node, final long round, final long domain, final long address)
    {
        final BroadcastFanout.Refusal refused = broadcast.send(
            node.children().stream().map(MulticastTree::core).toList(),
            targets -> BroadcastRecordsCodec.shootdown(round, domain, address, targets));
        if (refused == null)
        {
            return null;
        }
        return switch (refused)
        {
            case NO_CHANNEL -> ErrorCode.TRANSPORT_UNAVAILABLE;
            case NOT_A_READER -> ErrorCode.SHOOTDOWN_BAD_TREE;
            case TOO_LONG -> ErrorCode.MESSAGE_TOO_LONG;
        };
    }

    /** A round from the broadcast channel of {@code writer}: a target drops and answers the writer. */
    @Override
    public void onBroadcastShootdown(final int writer, final long round, final long domain, final long address,
        final long[] targets)
    {
        if (!BroadcastFanout.targets(targets, core))
        {
            return; // a round for other cores of the channel
        }
        if (rounds.containsKey(round) || peers[writer] == null)
        {
            if (peers[writer] != null)
            {
                peers[writer].unexpected("broadcast round " + round + " is already here");
            }
            return;
        }
        final ShootdownRound here = new ShootdownRound(this, round, writer, null, Long.MAX_VALUE);
        rounds.put(round, here);
        here.begin(domain, address, new MulticastTree(core, List.of()), localsOf(domain, null));
    }

    void sendDropped(final int parent, final long round, final ErrorCode status)
    {
        peers[parent].dropped(round, status);
    }

    @Override
    public void onShootdown(final ShootdownBinding from, final long round, final long domain, final long address,
        final long[] subtree)
    {
        final MulticastTree node;
        try
        {
            node = MulticastTree.decode(subtree, 0, subtree.length);
        }
        catch (final IllegalArgumentException malformed)
        {
            from.unexpected("a shootdown with a malformed subtree: " + malformed.getMessage());
            return;
        }
        if (node.core() != core || rounds.containsKey(round))
        {
            from.unexpected("shootdown " + round + " with the subtree of core " + node.core() + " or already here");
            return;
        }
        final ShootdownRound here = new ShootdownRound(this, round, from.port().channel().remoteCore(), null,
            Long.MAX_VALUE);
        rounds.put(round, here);
        here.begin(domain, address, node, localsOf(domain, null));
    }

    @Override
    public void onDropped(final ShootdownBinding from, final long round, final ErrorCode status)
    {
        final ShootdownRound here = rounds.get(round);
        if (here == null)
        {
            lateAnswers++;
            return;
        }
        here.answered(status);
    }

    private List<ShootdownInterfaceBinding> localsOf(final long domain, final ShootdownInterfaceBinding except)
    {
        final List<ShootdownInterfaceBinding> locals = caching.get(domain);
        if (locals == null)
        {
            return List.of();
        }
        locals.removeIf(local -> local.port().isClosed()); // a dispatcher that ended translates nothing
        if (locals.isEmpty())
        {
            caching.remove(domain); // the domain has no dispatcher here any more
        }
        final List<ShootdownInterfaceBinding> asked = new ArrayList<>(locals);
        asked.remove(except);
        return asked;
    }

    /** {@code tree} cut down to the cores {@code domain} spans (and this one): no other core can cache its translations. */
    private MulticastTree spanned(final long domain, final MulticastTree tree)
    {
        final List<Integer> span = spans.apply(domain);
        if (span == null)
        {
            return tree;
        }
        final List<Integer> reached = tree.cores();
        final List<Integer> over = new ArrayList<>(List.of(core));
        span.stream().filter(c -> c != core && reached.contains(c)).forEach(over::add);
        return Fanout.restrict(tree, over);
    }

    private boolean wellFormed(final MulticastTree tree)
    {
        if (tree.core() != core)
        {
            return false;
        }
        final BitSet seen = new BitSet();
        for (final int member : tree.cores())
        {
            if (member < 0 || member >= cores || seen.get(member) || member != core && peers[member] == null)
            {
                return false;
            }
            seen.set(member);
        }
        return true;
    }

    /** The round is over here. */
    void forget(final long round)
    {
        rounds.remove(round);
    }
}
