package dev.flotilla.caps.cspace;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.mdb.MdbOrder;

/**
 * A copy that arrived from another core (Barrelfish's {@code monitor_cap_create} of a received
 * {@code caprep}): the same object as the sender's capability — same type, range and rights, same owner —
 * made in this core's mapping database with its {@link RemoteRelations#COPIES} bit set, since the
 * sender's core holds a copy too. The kernel calls it only for its monitor, with a record another monitor
 * sent; user invocations never reach it.
 *
 * <p>Checks: the type may cross cores ({@code CAP_NOT_TRANSFERABLE}); every capability of this core that
 * overlaps the range is a copy, an ancestor (its range encloses the new one and its type can be retyped
 * into the new type) or a descendant (the other way round) — otherwise the two cores disagree about that
 * memory and the new entry would break the database's nesting ({@code RANGE_IN_USE}); the destination is
 * a writable empty slot; no revoke of it or an ancestor is sweeping this core ({@code REVOKE_IN_PROGRESS}).
 *
 * <p>On invoke, this core's relatives learn of the remote copy as well: local copies of the object get
 * {@link RemoteRelations#COPIES}, local ancestors {@link RemoteRelations#DESCENDANTS}, local descendants
 * {@link RemoteRelations#ANCESTORS} ({@link #markRelatives}).
 */
public final class ForeignCopy
{
    private final CoreCapabilities core;
    private final long generation;
    private final CapabilityRecord record;
    private final CNode destination;
    private final int destSlot;

    private ForeignCopy(final CoreCapabilities core, final CapabilityRecord record, final CNode destination,
        final int destSlot)
    {
        this.core = core;
        this.generation = core.generation();
        this.record = record;
        this.destination = destination;
        this.destSlot = destSlot;
    }

    /**
     * Checks the creation of a copy of {@code record} into slot {@code destSlot} of {@code destCNode}.
     *
     * @throws CapabilityException naming the first bad argument; nothing changed.
     */
    public static ForeignCopy decode(final CoreCapabilities core, final CSpace cspace, final CapRef destCNode,
        final int destSlot, final CapabilityRecord record)
    {
        final Capability cap = record.capability();
        if (!cap.type().crossesCores())
        {
            throw new CapabilityException(ErrorCode.CAP_NOT_TRANSFERABLE, "record: " + cap.type()
                + " stands for state of one core and cannot be copied to another");
        }
        RemoteRelations.check(record.relations());
        final ObjectName revoked = core.revoking(cap);
        if (revoked != null)
        {
            throw new CapabilityException(ErrorCode.REVOKE_IN_PROGRESS, "record: " + cap + " is being revoked with "
                + revoked + " on the cores that hold it");
        }
        for (final Cte other : core.mdb().overlapping(cap.type().root(), cap.base(), cap.size()))
        {
            final Capability o = other.capability();
            final boolean related = MdbOrder.isCopy(o, cap)
                || MdbOrder.isAncestor(cap, o)
                || MdbOrder.isAncestor(o, cap);
            if (!related)
            {
                throw new CapabilityException(ErrorCode.RANGE_IN_USE, "record: " + cap + " overlaps " + o
                    + " on core " + core.coreId() + ", which is neither its copy, ancestor nor descendant");
            }
        }
        final CNode destination = Checks.writableCNode(cspace, destCNode, "destCNode");
        Checks.requireEmptySlots(destination, destSlot, 1, "destSlot");
        return new ForeignCopy(core, record, destination, destSlot);
    }

    private static Cte anyLocalCopy(final CoreCapabilities core, final Capability cap)
    {
        for (final Cte other : core.mdb().overlapping(cap.type().root(), cap.base(), cap.size()))
        {
            if (MdbOrder.isCopy(other.capability(), cap))
            {
                return other;
            }
        }
        return null;
    }

    /**
     * What this core already knows of the object, which the new copy must know too: the bits are this core's
     * knowledge of the object, not of one entry, and the kernel tests only the entry it is handed (a retype from
     * the new copy must see the {@link RemoteRelations#UNTRACKED_DESCENDANTS} a sweep left on the old ones).
     */
    private int knownHere(final Cte local)
    {
        if (local == null)
        {
            return 0;
        }
        int known = 0;
        for (final Cte copy : core.copiesOf(ObjectName.of(local.capability())))
        {
            known |= copy.remoteRelations();
        }
        return known;
    }

    /** Makes the copy; returns its entry. */
    public Cte invoke()
    {
        core.beginInvoke(generation);
        // A local copy that names this core as owner is right (only an owner moves ownership, and it updates
        // its own copies); otherwise the sender's word is the best knowledge there is.
        final Cte local = anyLocalCopy(core, record.capability());
        final int owner = local != null && local.owner() == core.coreId() ? core.coreId() : record.owner();
        final Cte cte = core.newCte(record.capability(), null, owner);
        cte.setRemoteRelations(record.relations() | RemoteRelations.COPIES | knownHere(local));
        core.install(cte, destination, destSlot);
        markRelatives(core, cte, owner);
        return cte;
    }

    /**
     * Records on this core's relatives of {@code cte} that a copy of it lives on another core: its local
     * copies get {@link RemoteRelations#COPIES} and {@code owner}, its local ancestors {@link RemoteRelations#DESCENDANTS},
     * its local descendants {@link RemoteRelations#ANCESTORS}. Bits are only ever added here; they are a
     * cache that may say more than is true (a remote copy since deleted), never less.
     */
    static void markRelatives(final CoreCapabilities core, final Cte cte, final int owner)
    {
        final Capability cap = cte.capability();
        for (final Cte other : core.mdb().overlapping(cap.type().root(), cap.base(), cap.size()))
        {
            final Capability o = other.capability();
            if (MdbOrder.isCopy(o, cap))
            {
                other.setRemoteRelations(other.remoteRelations() | RemoteRelations.COPIES);
                other.setOwner(owner); // copies on one core agree on their owner
            }
            else if (MdbOrder.isAncestor(cap, o))
            {
                other.setRemoteRelations(other.remoteRelations() | RemoteRelations.DESCENDANTS);
            }
            else if (MdbOrder.isAncestor(o, cap))
            {
                other.setRemoteRelations(other.remoteRelations() | RemoteRelations.ANCESTORS);
            }
        }
    }
}
