package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;

/**
 * Root resize: grow a CSpace's L1 CNode by moving its contents into a bigger, empty one
 * (Barrelfish {@code CNodeCmd_Resize}).
 *
 * <p>The caller first retypes RAM into an L1 CNode with more slots. Every entry of the old root
 * moves to the same index of the new one — the same entry objects, so the mapping database does not
 * change and every capref keeps naming what it named. The CSpace then holds a copy of the new root
 * capability, and its old root copy is handed back in {@code oldRootDest}: deleting that returns the
 * old table's memory, now empty.
 *
 * <p>Checks: the new root is an L1 CNode ({@code CNODE_TYPE}) the caller may write, as the current
 * root must be ({@code NO_RIGHTS}); it has more slots than the current root ({@code INVALID_SIZE});
 * all its slots are empty ({@code SLOT_IN_USE}); {@code oldRootDest} is a writable empty slot.
 */
public final class ResizeRoot
{
    private final CoreCapabilities core;
    private final long generation;
    private final CSpace cspace;
    private final Cte newRoot;
    private final CapRef oldRootDest;

    private ResizeRoot(final CoreCapabilities core, final CSpace cspace, final Cte newRoot, final CapRef oldRootDest)
    {
        this.core = core;
        this.generation = core.generation();
        this.cspace = cspace;
        this.newRoot = newRoot;
        this.oldRootDest = oldRootDest;
    }

    /**
     * Checks a resize without changing anything.
     *
     * @throws CapabilityException naming the first bad argument.
     */
    public static ResizeRoot decode(final CoreCapabilities core, final CSpace cspace, final CapRef newRootRef,
        final CapRef oldRootDest)
    {
        final Cte newRoot = cspace.lookupCNode(newRootRef, CapType.L1_CNODE, "newRoot");
        Checks.requireRight(newRoot, CapRights.WRITE, "newRoot");
        Checks.requireRight(cspace.root(), CapRights.WRITE, "root");
        final CNode from = cspace.rootCNode();
        final CNode to = newRoot.namedCNode();
        if (to.slotCount() <= from.slotCount())
        {
            throw new CapabilityException(ErrorCode.INVALID_SIZE,
                "newRoot: " + to.slotCount() + " slots do not exceed the root's " + from.slotCount());
        }
        for (int i = 0; i < to.slotCount(); i++)
        {
            if (!to.isEmpty(i))
            {
                throw new CapabilityException(ErrorCode.SLOT_IN_USE, "newRoot: slot " + i + " of the new root is in use");
            }
        }
        Checks.writableEmptySlot(cspace, oldRootDest, "oldRootDest");
        return new ResizeRoot(core, cspace, newRoot, oldRootDest);
    }

    /** Moves the contents; returns the old root's entry, now in {@code oldRootDest}. */
    public Cte invoke()
    {
        core.beginInvoke(generation);
        final CNode from = cspace.rootCNode();
        final CNode to = newRoot.namedCNode();
        for (int i = 0; i < from.slotCount(); i++)
        {
            final Cte cte = from.get(i);
            if (cte != null)
            {
                from.clear(i);
                to.put(i, cte);
            }
        }
        final Cte rootCopy = core.newCte(newRoot.capability(), to, newRoot.owner());
        rootCopy.inheritRemoteRelations(newRoot);
        core.install(rootCopy, null, 0);
        final Cte oldRoot = cspace.root();
        cspace.setRoot(rootCopy);
        // Every index kept its contents, so the address decode checked resolves to the same empty slot.
        final Slot slot = cspace.slot(oldRootDest, "oldRootDest");
        slot.cnode().put(slot.index(), oldRoot);
        return oldRoot;
    }
}
