package dev.flotilla.lib.vm;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Reply;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.lib.skb.SkbClient;
import java.util.List;

/**
 * Unmap with TLB shootdown, as one dispatcher of a spanned domain sees it (paper §5, Figs. 6–7): each of the
 * domain's dispatchers keeps its own {@link VSpace} and TLB; an unmap here unmaps locally, then asks this core's
 * monitor to have every other core's dispatcher of the domain drop the region too, and returns once all have.
 *
 * <pre>
 *   dispatcher(c)                 monitor(c)                     monitor(k), k in tree        dispatcher(k)
 *   vspace.unmap(a)
 *   shootdown(a, tree)  ───────▶  round along tree  ──────────▶  drop(a)  ──────────────────▶ vspace.shootdown(a)
 *                                                  ◀── dropped ◀──────────────── answered ◀──
 *   done  ◀──────────────────── once all are in
 * </pre>
 * A dispatcher takes part by {@link #attach}ing: from then its monitor asks it to drop whatever another core of
 * the domain unmaps. Confined to the dispatcher.
 */
public final class Shootdowns
{
    /**
     * The fan-out strategies, as the SKB names its trees: broadcast and unicast (flat), multicast (one aggregator
     * per package) and numa (multicast with the farthest packages first).
     */
    public static final List<String> STRATEGIES = List.of("broadcast", "unicast", "multicast", "numa");

    private final Dispatcher self;
    private final VSpace vspace;
    private final ShootdownInterfaceBinding monitor;
    private long drops;

    private Shootdowns(final Dispatcher self, final VSpace vspace)
    {
        this.self = self;
        this.vspace = vspace;
        this.monitor = new ShootdownInterfaceBinding(self.monitorPort(), new ShootdownInterfaceHandler()
        {
            @Override
            public void onCaches(final ShootdownInterfaceBinding from)
            {
                from.unexpected("caches() is the dispatcher's to send");
            }

            @Override
            public void onShootdown(final ShootdownInterfaceBinding.ShootdownRequest request, final long address,
                final long[] tree)
            {
                request.answer(ErrorCode.SHOOTDOWN_NOT_A_DOMAIN);
            }

            @Override
            public void onDrop(final ShootdownInterfaceBinding.DropRequest request, final long address)
            {
                vspace.shootdown(address);
                drops++;
                request.reply();
            }
        });
    }

    /**
     * Makes {@code vspace}, the address space of {@code self} (a dispatcher of a domain), one that other cores'
     * unmaps shoot down, and returns the handle that unmaps with shootdown from it.
     */
    public static Shootdowns attach(final Dispatcher self, final VSpace vspace)
    {
        final Shootdowns shootdowns = new Shootdowns(self, vspace);
        shootdowns.monitor.caches();
        return shootdowns;
    }

    /** The address space. */
    public VSpace vspace()
    {
        return vspace;
    }

    /** Regions other cores had this dispatcher drop so far. */
    public long drops()
    {
        return drops;
    }

    /**
     * Unmaps the region at {@code address} here, then shoots it down on every core of {@code tree} (the SKB's
     * tree for the chosen strategy, rooted at this core); {@code done} runs once every core dropped it, or with
     * the code: {@code SHOOTDOWN_TIMEOUT}, {@code SHOOTDOWN_BAD_TREE}, {@code CHANNEL_CLOSED}.
     *
     * @throws PageFault         {@code VSPACE_NOT_MAPPED} if no region starts there; then nothing was sent.
     * @throws FlotillaException {@code SHOOTDOWN_BAD_TREE} for a tree not rooted at this core, naming a core twice
     *                           or one the system does not have; then nothing was unmapped.
     */
    public void unmap(final long address, final MulticastTree tree, final Completion<Void> done)
    {
        check(tree);
        vspace.unmap(address);
        monitor.shootdown(address, tree.encode(), done);
    }

    /**
     * The SKB's tree for {@code strategy} (one of {@link #STRATEGIES}; {@code numa}, the NUMA-aware multicast, is
     * the SKB's choice for shootdowns) rooted at this core, asked through {@code skb}; blocks the calling
     * user-level thread.
     *
     * @throws FlotillaException {@code SHOOTDOWN_UNKNOWN_STRATEGY} for another name (nothing is asked), or the
     *                           SKB's code.
     */
    public MulticastTree tree(final SkbClient skb, final String strategy)
    {
        if (!STRATEGIES.contains(strategy))
        {
            throw new FlotillaException(ErrorCode.SHOOTDOWN_UNKNOWN_STRATEGY, "'" + strategy + "': the strategies are "
                + STRATEGIES);
        }
        final Reply<MulticastTree> tree = new Reply<>();
        skb.tree(strategy, self.core(), tree);
        self.threads().await(tree);
        if (tree.error() != null)
        {
            throw new FlotillaException(tree.error(), "the SKB's " + strategy + " tree from core " + self.core());
        }
        return tree.get();
    }

    /** Refuses, before anything is unmapped, a tree that cannot carry this core's shootdown. */
    private void check(final MulticastTree tree)
    {
        final java.util.BitSet seen = new java.util.BitSet();
        for (final int core : tree.cores())
        {
            final int cores = self.launch().systemCores(); // 0: not told; the monitor checks
            if (core < 0 || cores > 0 && core >= cores || seen.get(core))
            {
                throw new FlotillaException(ErrorCode.SHOOTDOWN_BAD_TREE, "core " + core + " of " + tree
                    + (seen.get(core) ? " appears twice" : " does not exist"));
            }
            seen.set(core);
        }
        if (tree.core() != self.core())
        {
            throw new FlotillaException(ErrorCode.SHOOTDOWN_BAD_TREE, "the tree " + tree + " is rooted at core "
                + tree.core() + ", not at this core, " + self.core());
        }
    }

    /**
     * {@link #unmap(long, MulticastTree, Completion)} from a user-level thread of the dispatcher: returns once every
     * core of {@code tree} dropped the region.
     *
     * @throws PageFault         {@code VSPACE_NOT_MAPPED} if no region starts there.
     * @throws FlotillaException with the shootdown's code if not every core confirmed.
     */
    public void unmap(final long address, final MulticastTree tree)
    {
        final Reply<Void> done = new Reply<>();
        unmap(address, tree, done);
        self.threads().await(done);
        if (done.error() != null)
        {
            throw new FlotillaException(done.error(), "unmap at 0x" + Long.toHexString(address) + " on core "
                + self.core() + ": the shootdown over " + tree.cores() + " did not complete");
        }
    }
}
