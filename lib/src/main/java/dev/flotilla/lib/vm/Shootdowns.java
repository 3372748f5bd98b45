package dev.flotilla.lib.vm;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Reply;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.skb.MulticastTree;

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
     * @throws PageFault {@code VSPACE_NOT_MAPPED} if no region starts there; then nothing was sent.
     */
    public void unmap(final long address, final MulticastTree tree, final Completion<Void> done)
    {
        vspace.unmap(address);
        monitor.shootdown(address, tree.encode(), done);
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
