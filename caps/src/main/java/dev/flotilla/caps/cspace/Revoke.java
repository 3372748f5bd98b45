package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;

import java.util.ArrayList;
import java.util.List;

/**
 * Revoke: delete every copy and every descendant of a capability, and keep the capability itself
 * (Barrelfish's revoke; on one core its mark and sweep collapse into one pass).
 *
 * <p>The victims are one run of the mapping database around the target (its copies, then the
 * descendants that follow them), found in O((k + 1) log n) before anything is deleted. Each is then
 * deleted with its cascade. Afterwards the target's whole range is free to retype.
 *
 * <p>One corner: if the target sits in a CNode that is itself a descendant of the target (RAM whose
 * capability was stored in an L2 CNode retyped from that RAM), destroying that CNode deletes the
 * target too, as Barrelfish would clear the CNode.
 *
 * <p>Checks: the target is there ({@code CAP_NOT_FOUND}); the CNode holding it is writable — for the
 * CSpace root (level 0), the root capability itself ({@code NO_RIGHTS}); nothing of it lives on other cores
 * and no distributed operation holds it ({@code RETRY_THROUGH_MONITOR}: the monitors' distributed revoke
 * sweeps the other cores, clears the bits, and the revoke is then made here).
 */
public final class Revoke
{
    private final CoreCapabilities core;
    private final long generation;
    private final Cte target;

    private Revoke(final CoreCapabilities core, final Cte target)
    {
        this.core = core;
        this.generation = core.generation();
        this.target = target;
    }

    /**
     * Checks a revoke without changing anything.
     *
     * @throws CapabilityException naming the first bad argument.
     */
    public static Revoke decode(final CoreCapabilities core, final CSpace cspace, final CapRef targetRef)
    {
        final Cte target;
        final Cte holder;
        if (targetRef.level() == 0)
        {
            target = cspace.lookup(targetRef, "target");
            holder = target;
        }
        else
        {
            final Slot slot = cspace.slot(targetRef, "target");
            target = slot.get();
            if (target == null)
            {
                throw new CapabilityException(ErrorCode.CAP_NOT_FOUND, "target: " + targetRef + " is empty");
            }
            holder = slot.via();
        }
        Checks.requireRight(holder, CapRights.WRITE, "target's CNode");
        final int remote = RemoteRelations.COPIES | RemoteRelations.DESCENDANTS | RemoteRelations.UNTRACKED_DESCENDANTS;
        if ((target.remoteRelations() & remote) != 0 || core.isLocked(target.capability()))
        {
            // Copies or descendants elsewhere: only the monitors reach them (mark, then sweep every core).
            throw new CapabilityException(ErrorCode.RETRY_THROUGH_MONITOR, "target: " + target.capability()
                + (core.isLocked(target.capability()) ? " is held by a distributed operation"
                : " has copies or descendants on other cores"));
        }
        return new Revoke(core, target);
    }

    /** Revokes; returns every capability removed, in the order removed. */
    public List<Deletion> invoke()
    {
        core.beginInvoke(generation);
        final List<Deletion> out = new ArrayList<>();
        for (final Cte victim : core.mdb().copiesAndDescendants(target))
        {
            DeleteCascade.delete(core, victim, out);
        }
        return out;
    }
}
