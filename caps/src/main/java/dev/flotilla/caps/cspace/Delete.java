package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;

import java.util.ArrayList;
import java.util.List;

/**
 * Delete: remove one capability from its slot (Barrelfish {@code caps_delete}).
 *
 * <p>Only that capability goes, unless it was the last copy of its object; then what cannot outlive
 * the object goes too (see {@link DeleteCascade}: a CNode's contents, an object's mappings, a page
 * table's mappings). Descendants stay, and the range they cover stays unavailable to retype until
 * they are deleted: deleting the last descendant makes the range retypeable again.
 *
 * <p>Checks: the target is in a slot (the CSpace root is deleted only by closing the CSpace:
 * {@code INVALID_CAPREF}); it is there ({@code CAP_NOT_FOUND}); the CNode holding it is writable
 * ({@code NO_RIGHTS}); no distributed operation holds the object ({@code RETRY_THROUGH_MONITOR}). The owner's
 * last copy of an object other cores hold is deleted too (an orphan, adopted by the next distributed operation
 * on it); {@code CapOperations.delete} moves the ownership first, through the monitors.
 */
public final class Delete
{
    private final CoreCapabilities core;
    private final long generation;
    private final Cte target;

    private Delete(final CoreCapabilities core, final Cte target)
    {
        this.core = core;
        this.generation = core.generation();
        this.target = target;
    }

    /**
     * Checks a delete without changing anything.
     *
     * @throws CapabilityException naming the first bad argument.
     */
    public static Delete decode(final CoreCapabilities core, final CSpace cspace, final CapRef targetRef)
    {
        final Delete delete = decodeAlone(core, cspace, targetRef);
        final Cte target = delete.target;
        if (core.isLocked(target.capability()))
        {
            // A distributed operation holds the object: the monitor queues this delete behind it.
            throw new CapabilityException(ErrorCode.RETRY_THROUGH_MONITOR, "target: " + target.capability()
                + " is held by a distributed operation");
        }
        // The owner's last copy with copies elsewhere is deleted here all the same — a delete must not fail, a
        // dispatcher's exit makes many — and leaves an orphan that the next distributed operation adopts; the
        // lib's CapOperations.delete has the monitors move the ownership first.
        return delete;
    }

    /**
     * Checks a delete that this core may do alone whatever the remote relations say: the monitor's, once the
     * distributed delete found the object a new owner (or removed its other copies).
     *
     * @throws CapabilityException naming the first bad argument.
     */
    public static Delete decodeAlone(final CoreCapabilities core, final CSpace cspace, final CapRef targetRef)
    {
        if (targetRef.level() == 0)
        {
            throw new CapabilityException(ErrorCode.INVALID_CAPREF, "target: the CSpace root is deleted by closing the CSpace");
        }
        final Slot slot = cspace.slot(targetRef, "target");
        final Cte target = slot.get();
        if (target == null)
        {
            throw new CapabilityException(ErrorCode.CAP_NOT_FOUND, "target: " + targetRef + " is empty");
        }
        Checks.requireRight(slot.via(), CapRights.WRITE, "target's CNode");
        return new Delete(core, target);
    }

    /** Checks the deletion of a CSpace's own root copy, as when its dispatcher is destroyed. */
    static Delete decodeClose(final CoreCapabilities core, final CSpace cspace)
    {
        if (!cspace.isLive())
        {
            throw new CapabilityException(ErrorCode.CAP_NOT_FOUND, "cspace: its root was already deleted");
        }
        return new Delete(core, cspace.root());
    }

    /** Deletes; returns every capability removed, the target first. */
    public List<Deletion> invoke()
    {
        core.beginInvoke(generation);
        final List<Deletion> out = new ArrayList<>();
        DeleteCascade.delete(core, target, out);
        return out;
    }
}
