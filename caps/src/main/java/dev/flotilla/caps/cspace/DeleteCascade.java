package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Deletes an entry and whatever dies with it, iteratively (no recursion, however deep the CNodes).
 *
 * <p>Deleting the <em>last copy</em> of an object also deletes what cannot outlive it:
 * <ul>
 *   <li>a CNode: every capability in its slots (Barrelfish clears them step by step);</li>
 *   <li>a mappable object: its mapping capabilities, so the kernel unmaps it everywhere;</li>
 *   <li>a page table: the mappings recorded in its entries.</li>
 * </ul>
 * Deleting a capability that is mapped deletes the mapping made through it, copy or not (Barrelfish
 * unmaps a capability when it is deleted; a capability maps at most once, see {@link VNodeMap}). Other
 * descendants survive a delete (only revoke removes them), and keep their range from being retyped until
 * they go.
 */
final class DeleteCascade
{
    private DeleteCascade()
    {
    }

    /** Deletes {@code first} (if still live) and its cascade, appending each deletion to {@code out}. */
    static void delete(final CoreCapabilities core, final Cte first, final List<Deletion> out)
    {
        final ArrayDeque<Cte> pending = new ArrayDeque<>();
        pending.add(first);
        while (!pending.isEmpty())
        {
            final Cte cte = pending.poll();
            if (!cte.isLive())
            {
                continue;
            }
            core.unlink(cte);
            final boolean last = !core.mdb().hasCopies(cte);
            out.add(new Deletion(cte, last));
            if (cte.isMapped())
            {
                pending.add(cte.mapping()); // a mapped capability takes the mapping made through it along
            }
            if (!last)
            {
                continue;
            }
            final Capability cap = cte.capability();
            final CapType type = cap.type();
            if (type.isCNode())
            {
                final CNode table = cte.namedCNode();
                for (int i = 0; i < table.slotCount(); i++)
                {
                    if (table.get(i) != null)
                    {
                        pending.add(table.get(i));
                    }
                }
            }
            if (type.isMappable())
            {
                // The object's mappings share its range and follow its (now gone) copies in the order.
                for (Cte e = core.mdb().higher(cap, Long.MAX_VALUE);
                     e != null && e.capability().base() == cap.base() && e.capability().size() == cap.size()
                         && e.capability().type().root() == type.root();
                     e = core.mdb().successor(e))
                {
                    if (e.capability().type() == type.mappingType())
                    {
                        pending.add(e);
                    }
                }
            }
            if (type.isVNode())
            {
                pending.addAll(core.mappings().inVNode(cap.base()));
            }
        }
    }
}
