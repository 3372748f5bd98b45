package dev.flotilla.caps.cspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.ObjectSizes;
import org.junit.jupiter.api.Test;

/**
 * Copies between the capability state of two cores: what a record carries, the remote-relation bits on both
 * sides, ownership moving with a copy only when nothing derives from it, only the owner retyping, and the
 * receiver refusing what would break its database.
 */
class CrossCoreTest
{
    private static final long KIB = 1024;
    private static final long MIB = KIB * KIB;
    private static final CapRef SRC = CapRef.inRoot(0);
    private static final CapRef DEST = CapRef.inRoot(1);

    /** One core's capability state with two L2 CNodes, and RAM [1 MiB, 2 MiB) in L1[0]/0. */
    private static final class Core
    {
        final CoreCapabilities caps;
        final CSpace cspace;

        Core(final int id, final boolean withRam)
        {
            caps = new CoreCapabilities(id);
            cspace = caps.createCSpace(0, ObjectSizes.L2_CNODE);
            caps.create(cspace, CapRef.ROOT, 0, CapType.L2_CNODE, 16 * KIB, ObjectSizes.L2_CNODE);
            caps.create(cspace, CapRef.ROOT, 1, CapType.L2_CNODE, 32 * KIB, ObjectSizes.L2_CNODE);
            if (withRam)
            {
                caps.create(cspace, SRC, 0, CapType.RAM, MIB, MIB);
            }
        }

        Cte at(final int cnode, final int slot)
        {
            return cspace.lookup(CapRef.of(cnode, slot));
        }
    }

    private static ErrorCode code(final Runnable call)
    {
        return assertThrows(CapabilityException.class, call::run).code();
    }

    @Test
    void ramWithoutDescendantsMovesItsOwnershipAndOnlyTheNewOwnerRetypesIt()
    {
        final Core a = new Core(0, true);
        final Core b = new Core(1, false);
        a.caps.retype(a.cspace, CapRef.of(0, 0), 128 * KIB, CapType.RAM, 64 * KIB, 1, SRC, 1);

        final CapabilityRecord record = a.caps.sendCopy(a.cspace, CapRef.of(0, 1), 1);
        assertEquals(Capability.of(CapType.RAM, CapRights.ALL, MIB + 128 * KIB, 64 * KIB), record.capability());
        assertEquals(1, record.owner(), "nothing on core 0 derives from it: ownership goes with the copy");
        assertEquals(RemoteRelations.COPIES | RemoteRelations.ANCESTORS, record.relations());
        assertEquals(1, a.at(0, 1).owner());
        assertEquals(RemoteRelations.COPIES, a.at(0, 1).remoteRelations());
        assertEquals(RemoteRelations.DESCENDANTS, a.at(0, 0).remoteRelations(), "the parent learns of a remote descendant");

        final Cte arrived = b.caps.receiveCopy(b.cspace, DEST, 0, record);
        assertEquals(record.capability(), arrived.capability());
        assertEquals(1, arrived.owner());
        assertEquals(RemoteRelations.COPIES | RemoteRelations.ANCESTORS, arrived.remoteRelations());

        b.caps.retype(b.cspace, CapRef.of(1, 0), 0, CapType.FRAME, 4 * KIB, 2, DEST, 1);
        assertEquals(ErrorCode.RETRY_THROUGH_MONITOR,
            code(() -> a.caps.retype(a.cspace, CapRef.of(0, 1), 0, CapType.FRAME, 4 * KIB, 1, DEST, 0)));
        assertEquals(1, b.at(1, 1).owner(), "what the owner makes, it owns");
        a.caps.checkInvariants();
        b.caps.checkInvariants();
    }

    @Test
    void aCapabilityWithDescendantsKeepsItsOwnerAndTheReceiverMayNotRetypeIt()
    {
        final Core a = new Core(0, true);
        final Core b = new Core(1, false);
        a.caps.retype(a.cspace, CapRef.of(0, 0), 0, CapType.FRAME, 64 * KIB, 1, SRC, 1);
        a.caps.retype(a.cspace, CapRef.of(0, 1), 0, CapType.FRAME, 4 * KIB, 1, SRC, 2);

        final CapabilityRecord record = a.caps.sendCopy(a.cspace, CapRef.of(0, 1), 1);
        assertEquals(0, record.owner());
        assertEquals(RemoteRelations.COPIES | RemoteRelations.ANCESTORS | RemoteRelations.DESCENDANTS, record.relations());
        assertEquals(RemoteRelations.ANCESTORS, a.at(0, 2).remoteRelations(), "the child learns of a remote ancestor");
        final Cte arrived = b.caps.receiveCopy(b.cspace, DEST, 0, record);
        assertEquals(0, arrived.owner());
        assertEquals(ErrorCode.RETRY_THROUGH_MONITOR,
            code(() -> b.caps.retype(b.cspace, CapRef.of(1, 0), 0, CapType.FRAME, 4 * KIB, 1, DEST, 1)));
        a.caps.retype(a.cspace, CapRef.of(0, 1), 8 * KIB, CapType.FRAME, 4 * KIB, 1, SRC, 3);
        b.caps.checkInvariants();
    }

    @Test
    void whatCannotLeaveACoreIsRefusedAndNothingChanges()
    {
        final Core a = new Core(0, true);
        a.caps.mint(a.cspace, CapRef.of(0, 0), SRC, 1, new CapRights(CapRights.ALL.bits() & ~CapRights.GRANT.bits()));
        assertEquals(ErrorCode.NO_RIGHTS, code(() -> a.caps.sendCopy(a.cspace, CapRef.of(0, 1), 1)));
        assertEquals(ErrorCode.CAP_NOT_TRANSFERABLE, code(() -> a.caps.sendCopy(a.cspace, CapRef.inRoot(1), 1)));
        assertEquals(ErrorCode.CAP_NOT_FOUND, code(() -> a.caps.sendCopy(a.cspace, CapRef.of(0, 9), 1)));
        assertEquals(0, a.at(0, 0).remoteRelations());
        assertEquals(0, a.at(0, 0).owner());
    }

    @Test
    void theReceiverRefusesWhatWouldBreakItsDatabaseAndKeepsItsOwnKnowledgeOfOwnership()
    {
        final Core b = new Core(1, true);
        final CapabilityRecord straddling = new CapabilityRecord(
            Capability.of(CapType.FRAME, CapRights.ALL, MIB - 32 * KIB, 64 * KIB), 0, RemoteRelations.COPIES);
        assertEquals(ErrorCode.RANGE_IN_USE, code(() -> b.caps.receiveCopy(b.cspace, DEST, 0, straddling)));
        final CapabilityRecord dispatcher = new CapabilityRecord(
            Capability.of(CapType.DISPATCHER, CapRights.ALL, 4 * MIB, 1024), 0, 0);
        assertEquals(ErrorCode.CAP_NOT_TRANSFERABLE, code(() -> b.caps.receiveCopy(b.cspace, DEST, 0, dispatcher)));

        // A frame inside b's own RAM nests under it; a copy of b's own RAM coming back keeps b's ownership.
        final Cte frame = b.caps.receiveCopy(b.cspace, DEST, 0, new CapabilityRecord(
            Capability.of(CapType.FRAME, CapRights.ALL, MIB, 64 * KIB), 1, 0));
        assertEquals(RemoteRelations.COPIES, frame.remoteRelations());
        assertEquals(RemoteRelations.DESCENDANTS, b.at(0, 0).remoteRelations());
        final Cte back = b.caps.receiveCopy(b.cspace, DEST, 1, new CapabilityRecord(
            Capability.of(CapType.RAM, CapRights.READ, MIB, MIB), 7, RemoteRelations.DESCENDANTS));
        assertEquals(1, back.owner());
        assertEquals(CapRights.READ, back.capability().rights());
        b.caps.checkInvariants();
    }
}
