package dev.flotilla.caps.cspace;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.CapabilityRecord;

/**
 * The sending core's half of copying a capability to another core (Barrelfish's {@code captx_prepare_send}
 * with {@code monitor_cap_identify} and the owner's {@code remote_copies} bit): serialise it into a
 * {@link CapabilityRecord} and record, on every local relative, that a copy is leaving — copies get
 * {@link RemoteRelations#COPIES}, ancestors {@link RemoteRelations#DESCENDANTS}, descendants
 * {@link RemoteRelations#ANCESTORS}. The record's relations are what the receiving core's copy has away
 * from it: a copy here (always), and ancestors or descendants wherever this core knows of some.
 *
 * <p><b>Ownership.</b> Only the owner core retypes an object ({@link Retype}). If this core owns it, holds no
 * descendant of it (none here, none known elsewhere) and knows of no copy elsewhere, ownership moves to the receiving core with the
 * copy, and every copy here becomes foreign; otherwise the owner stays. So one core at most may make objects
 * from any memory, wherever its copies went. (Barrelfish keeps the owner at the sender and moves it only on a
 * give-away or a delete; Flotilla moves it with the copy, since the receiver is the one that uses memory it is
 * sent, and distributed retype — asking the owner — is not built yet.)
 *
 * <p>Checks: source lookup; the GRANT right ({@code NO_RIGHTS}); a type that may cross cores
 * ({@code CAP_NOT_TRANSFERABLE}); no revoke of it or an ancestor under way ({@code REVOKE_IN_PROGRESS}). The bits are set when the record is made, before the other core has the
 * copy: a bit may then say more than is true (the copy was refused there), never less — the safe side.
 */
public final class SendCopy
{
    private final CoreCapabilities core;
    private final long generation;
    private final Cte source;
    private final int destination;

    private SendCopy(final CoreCapabilities core, final Cte source, final int destination)
    {
        this.core = core;
        this.generation = core.generation();
        this.source = source;
        this.destination = destination;
    }

    /**
     * Checks that {@code sourceRef} may be copied to another core, changing nothing.
     *
     * @throws CapabilityException naming the first bad argument.
     */
    public static SendCopy decode(final CoreCapabilities core, final CSpace cspace, final CapRef sourceRef,
        final int destination)
    {
        if (destination < 0 || destination == core.coreId())
        {
            throw new IllegalArgumentException("destination: core " + destination + " is not another core");
        }
        final Cte source = cspace.lookup(sourceRef, "source");
        final Capability cap = source.capability();
        if (!cap.rights().has(CapRights.GRANT))
        {
            throw new CapabilityException(ErrorCode.NO_RIGHTS, "source: giving " + cap.type()
                + " to another core needs the GRANT right; it has " + cap.rights());
        }
        if (!cap.type().crossesCores())
        {
            throw new CapabilityException(ErrorCode.CAP_NOT_TRANSFERABLE, "source: " + cap.type()
                + " stands for state of core " + core.coreId() + " and cannot be copied to another");
        }
        final ObjectName revoked = core.revoking(cap);
        if (revoked != null)
        {
            throw new CapabilityException(ErrorCode.REVOKE_IN_PROGRESS, "source: " + cap + " is being revoked with "
                + revoked + " on the cores that hold it");
        }
        return new SendCopy(core, source, destination);
    }

    /** Marks the local relatives and returns the record to send. */
    public CapabilityRecord invoke()
    {
        core.beginInvoke(generation);
        final Capability cap = source.capability();
        int relations = RemoteRelations.COPIES | source.remoteRelations();
        if (core.mdb().hasAncestors(cap))
        {
            relations |= RemoteRelations.ANCESTORS;
        }
        if (core.mdb().hasDescendants(cap))
        {
            relations |= RemoteRelations.DESCENDANTS;
        }
        // Ownership goes with the copy when this core owns the object, nothing here descends from it and no
        // other core holds a copy yet: the receiver (who will use the memory) may then retype it, and this core's
        // copies become foreign, so still exactly one core may. With descendants here, the owner must stay where
        // they are; with copies elsewhere too, since those name this core as the owner and nothing would tell
        // them (one sent back here would make this core an owner again, beside the receiver: two owners).
        final boolean moves = source.owner() == core.coreId() && (source.remoteRelations() & RemoteRelations.COPIES) == 0
            && (relations & (RemoteRelations.DESCENDANTS | RemoteRelations.UNTRACKED_DESCENDANTS)) == 0;
        final int owner = moves ? destination : source.owner();
        ForeignCopy.markRelatives(core, source, owner);
        return new CapabilityRecord(cap, owner, relations);
    }
}
