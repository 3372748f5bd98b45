package dev.flotilla.caps.cspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.ObjectSizes;
import org.junit.jupiter.api.Test;

/**
 * The per-core parts of the distributed capability operations, on two cores' capability state driven by hand
 * as the monitors would: when each invocation asks for the monitor, what the owner's steps do on each core, and
 * the locks and marks that serialise them.
 */
class DistributedPartsTest
{
    private static final long KIB = 1024;
    private static final long MIB = KIB * KIB;
    private static final CapRef SRC = CapRef.inRoot(0);
    private static final CapRef DEST = CapRef.inRoot(1);

    /** One core with two L2 CNodes. */
    private static final class Core
    {
        final CoreCapabilities caps;
        final CSpace cspace;

        Core(final int id)
        {
            caps = new CoreCapabilities(id);
            cspace = caps.createCSpace(0, ObjectSizes.L2_CNODE);
            caps.create(cspace, CapRef.ROOT, 0, CapType.L2_CNODE, 16 * KIB, ObjectSizes.L2_CNODE);
            caps.create(cspace, CapRef.ROOT, 1, CapType.L2_CNODE, 32 * KIB, ObjectSizes.L2_CNODE);
        }

        Cte at(final int cnode, final int slot)
        {
            return cspace.lookup(CapRef.of(cnode, slot));
        }

        boolean holds(final int cnode, final int slot)
        {
            return cspace.slot(CapRef.of(cnode, slot), "slot").get() != null;
        }
    }

    private static ErrorCode code(final Runnable call)
    {
        return assertThrows(CapabilityException.class, call::run).code();
    }

    /** Core 0 holds {@code type} [1 MiB, +1 MiB) in L1[0]/0 and has sent a copy to core 1's L1[1]/0. */
    private static Core[] sent(final CapType type)
    {
        final Core a = new Core(0);
        final Core b = new Core(1);
        a.caps.create(a.cspace, SRC, 0, type, MIB, MIB);
        b.caps.receiveCopy(b.cspace, DEST, 0, a.caps.sendCopy(a.cspace, CapRef.of(0, 0), 1));
        return new Core[] {a, b};
    }

    @Test
    void anOwnerThatHandsItsOwnershipOnLetsItsLastCopyGoLocally()
    {
        final Core[] ab = sent(CapType.RAM);
        final Core a = ab[0];
        final Core b = ab[1];
        final ObjectName ram = ObjectName.of(a.at(0, 0).capability());
        assertEquals(1, b.at(1, 0).owner(), "nothing derived from it: the ownership went with the copy");
        b.caps.copy(b.cspace, CapRef.of(1, 0), DEST, 1);
        b.caps.delete(b.cspace, CapRef.of(1, 1));

        // the owner's monitor found core 0 holding a copy and moved the ownership there (RAM may move)
        final FindRelatives.Relatives there = FindRelatives.decode(a.caps, ram, 0, 0).invoke();
        assertEquals(1, there.copies());
        assertTrue(CapType.RAM.ownershipMoves());
        UpdateCopies.decode(a.caps, ram, 0, 0, 0).invoke();
        UpdateCopies.decode(b.caps, ram, 0, 0, 0).invoke();
        b.caps.delete(b.cspace, CapRef.of(1, 0));
        assertEquals(0, a.at(0, 0).owner());
        a.caps.retype(a.cspace, CapRef.of(0, 0), 0, CapType.FRAME, 4 * KIB, 1, SRC, 1); // the owner retypes locally
        a.caps.checkInvariants();
        b.caps.checkInvariants();
    }

    @Test
    void aDeviceFrameCannotMoveSoItsOwnersLastCopyTakesTheOthersAlong()
    {
        final Core[] ab = sent(CapType.DEV_FRAME);
        final Core a = ab[0];
        final Core b = ab[1];
        final ObjectName dev = ObjectName.of(b.at(1, 0).capability());
        assertFalse(CapType.DEV_FRAME.ownershipMoves());
        assertEquals(1, SweepObject.decode(a.caps, dev, false).invoke().size());
        assertFalse(a.holds(0, 0), "core 0's copy went with the owner's last one");
        UpdateCopies.decode(b.caps, dev, -1, 0, RemoteRelations.COPIES).invoke();
        b.caps.delete(b.cspace, CapRef.of(1, 0));
        assertEquals(0, FindRelatives.decode(b.caps, dev, 0, 0).invoke().copies());
        a.caps.checkInvariants();
        b.caps.checkInvariants();
    }

    @Test
    void aLockedObjectSendsItsOperationsToTheMonitorAndAMarkStopsItsCopiesCrossing()
    {
        final Core a = new Core(0);
        a.caps.create(a.cspace, SRC, 0, CapType.RAM, MIB, MIB);
        a.caps.retype(a.cspace, CapRef.of(0, 0), 0, CapType.FRAME, 64 * KIB, 1, SRC, 1);
        final ObjectName ram = ObjectName.of(a.at(0, 0).capability());
        LockObject.decode(a.caps, ram, LockObject.Mode.LOCK).invoke();
        assertEquals(ErrorCode.RETRY_THROUGH_MONITOR,
            code(() -> a.caps.retype(a.cspace, CapRef.of(0, 0), 64 * KIB, CapType.FRAME, 4 * KIB, 1, SRC, 2)));
        assertEquals(ErrorCode.RETRY_THROUGH_MONITOR, code(() -> a.caps.revoke(a.cspace, CapRef.of(0, 0))));
        assertEquals(ErrorCode.RETRY_THROUGH_MONITOR, code(() -> a.caps.delete(a.cspace, CapRef.of(0, 0))));
        a.caps.sendCopy(a.cspace, CapRef.of(0, 1), 1); // a lock alone does not stop a descendant leaving

        LockObject.decode(a.caps, ram, LockObject.Mode.MARK).invoke();
        assertEquals(ErrorCode.REVOKE_IN_PROGRESS, code(() -> a.caps.sendCopy(a.cspace, CapRef.of(0, 1), 1)));
        final CapabilityRecord arriving = new CapabilityRecord(a.at(0, 1).capability(), 1, RemoteRelations.COPIES);
        assertEquals(ErrorCode.REVOKE_IN_PROGRESS, code(() -> a.caps.receiveCopy(a.cspace, DEST, 0, arriving)));
        assertTrue(LockObject.decode(a.caps, ram, LockObject.Mode.UNLOCK).invoke());
        a.caps.retype(a.cspace, CapRef.of(0, 0), 64 * KIB, CapType.FRAME, 4 * KIB, 1, SRC, 2);
        a.caps.checkInvariants();
    }

    @Test
    void theOwnerRetypesForAnotherCoreFromAnyWritableCopyWithTheRequestersRights()
    {
        final Core a = new Core(0);
        a.caps.create(a.cspace, SRC, 0, CapType.RAM, MIB, MIB);
        final ObjectName ram = ObjectName.of(a.at(0, 0).capability());
        final CapRights readWrite = CapRights.READ.or(CapRights.WRITE).or(CapRights.GRANT);
        final var made = Retype.decodeAsOwner(a.caps, ram, readWrite, 64 * KIB, CapType.FRAME, 64 * KIB, 2, a.cspace, DEST, 0)
            .invoke();
        assertEquals(2, made.size());
        assertEquals(readWrite, made.get(1).capability().rights());
        assertEquals(ErrorCode.REVOKE_FIRST, code(() -> Retype.decodeAsOwner(a.caps, ram, CapRights.ALL, 96 * KIB,
            CapType.FRAME, 4 * KIB, 1, a.cspace, DEST, 5)));
        assertEquals(ErrorCode.CAP_DELETED_ELSEWHERE, code(() -> Retype.decodeAsOwner(a.caps,
            new ObjectName(CapType.RAM, 8 * MIB, MIB), CapRights.ALL, 0, CapType.FRAME, 4 * KIB, 1, a.cspace, DEST, 5)));
        final FindRelatives.Relatives found = FindRelatives.decode(a.caps, ram, MIB + 100 * KIB, 4 * KIB).invoke();
        assertTrue(found.descendants() && found.overlapsRange());
        assertFalse(FindRelatives.decode(a.caps, ram, MIB + 512 * KIB, 4 * KIB).invoke().overlapsRange());
        a.caps.checkInvariants();
    }

    @Test
    void aRevokesSweepLeavesTheRevokersCopyAndTellsAncestorsHereTheirDescendantsAreUntracked()
    {
        final Core a = new Core(0);
        final Core b = new Core(1);
        a.caps.create(a.cspace, SRC, 0, CapType.RAM, MIB, MIB);
        a.caps.retype(a.cspace, CapRef.of(0, 0), 0, CapType.RAM, 64 * KIB, 1, SRC, 1);
        a.caps.retype(a.cspace, CapRef.of(0, 1), 0, CapType.FRAME, 4 * KIB, 1, SRC, 2);
        b.caps.receiveCopy(b.cspace, DEST, 0, a.caps.sendCopy(a.cspace, CapRef.of(0, 1), 1));
        final ObjectName piece = ObjectName.of(a.at(0, 1).capability());
        assertEquals(ErrorCode.RETRY_THROUGH_MONITOR, code(() -> b.caps.revoke(b.cspace, CapRef.of(1, 0))));

        // core 1 revokes: core 0 is swept, then core 1's bits are cleared and its own revoke is local
        assertEquals(2, SweepObject.decode(a.caps, piece, true).invoke().size(), "the piece and its frame");
        assertEquals(RemoteRelations.DESCENDANTS | RemoteRelations.UNTRACKED_DESCENDANTS,
            a.at(0, 0).remoteRelations() & (RemoteRelations.DESCENDANTS | RemoteRelations.UNTRACKED_DESCENDANTS));
        assertEquals(ErrorCode.RETRY_THROUGH_MONITOR,
            code(() -> a.caps.retype(a.cspace, CapRef.of(0, 0), 512 * KIB, CapType.FRAME, 4 * KIB, 1, SRC, 3)),
            "its descendants elsewhere are no longer recorded here: the retype asks every core");
        UpdateCopies.decode(b.caps, piece, 1, 0, RemoteRelations.ALL).invoke();
        b.caps.revoke(b.cspace, CapRef.of(1, 0));
        assertTrue(b.holds(1, 0), "the revoker keeps its copy");
        a.caps.checkInvariants();
        b.caps.checkInvariants();
    }
    @Test
    void aCopyArrivingWhereASweepLeftItsAncestorsUntrackedKnowsItToo()
    {
        // Found by the capability soak (seed 3629): core 0 owns the RAM, a revoke elsewhere swept its record of a
        // piece core 1 keeps, then a copy of the RAM came back to core 0. A retype from that new copy was decided
        // locally and overlapped the piece, because only the old copies carried UNTRACKED_DESCENDANTS.
        final Core a = new Core(0);
        final Core b = new Core(1);
        a.caps.create(a.cspace, SRC, 0, CapType.RAM, MIB, MIB);
        a.caps.retype(a.cspace, CapRef.of(0, 0), 0, CapType.RAM, 64 * KIB, 1, SRC, 1);
        b.caps.receiveCopy(b.cspace, DEST, 0, a.caps.sendCopy(a.cspace, CapRef.of(0, 1), 1));
        b.caps.receiveCopy(b.cspace, DEST, 1, a.caps.sendCopy(a.cspace, CapRef.of(0, 0), 1));
        final ObjectName piece = ObjectName.of(a.at(0, 1).capability());
        SweepObject.decode(a.caps, piece, true).invoke();
        assertEquals(RemoteRelations.UNTRACKED_DESCENDANTS,
            a.at(0, 0).remoteRelations() & RemoteRelations.UNTRACKED_DESCENDANTS);

        a.caps.receiveCopy(a.cspace, SRC, 5, b.caps.sendCopy(b.cspace, CapRef.of(1, 1), 0));
        assertEquals(0, a.at(0, 5).owner(), "core 0 still owns the RAM");
        assertEquals(RemoteRelations.UNTRACKED_DESCENDANTS,
            a.at(0, 5).remoteRelations() & RemoteRelations.UNTRACKED_DESCENDANTS, "the bits are the core's knowledge");
        assertEquals(ErrorCode.RETRY_THROUGH_MONITOR,
            code(() -> a.caps.retype(a.cspace, CapRef.of(0, 5), 0, CapType.FRAME, 64 * KIB, 1, SRC, 6)),
            "a retype from the new copy must ask every core: core 1's piece overlaps it");
        a.caps.checkInvariants();
        b.caps.checkInvariants();
    }
}
