package dev.flotilla.caps.cspace;

import static dev.flotilla.caps.cspace.Fixture.DEST;
import static dev.flotilla.caps.cspace.Fixture.KIB;
import static dev.flotilla.caps.cspace.Fixture.dst;
import static dev.flotilla.caps.cspace.Fixture.src;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Copy, mint, delete, revoke and identify, and what each reports to the kernel. */
final class DeleteRevokeTest
{
    private static final long RAM_BASE = 0x100000;

    private Fixture f;
    private CapRef ram;

    @BeforeEach
    void boot()
    {
        f = new Fixture();
        ram = f.boot(0, CapType.RAM, RAM_BASE, 64 * KIB);
    }

    private static long count(final List<Deletion> deletions, final CapType type)
    {
        return deletions.stream().filter(d -> d.capability().type() == type).count();
    }

    /** RAM with two copies, a frame with a copy and a sub-frame, an L2 CNode holding a frame, a dispatcher with endpoints. */
    private void family()
    {
        f.core.copy(f.cspace, ram, CapRef.inRoot(0), 1);
        f.core.mint(f.cspace, ram, CapRef.inRoot(0), 2, CapRights.READ.or(CapRights.WRITE));
        f.core.retype(f.cspace, ram, 0, CapType.FRAME, 16 * KIB, 1, DEST, 0);
        f.core.copy(f.cspace, dst(0), DEST, 1);
        f.core.retype(f.cspace, dst(0), 4 * KIB, CapType.FRAME, 4 * KIB, 1, DEST, 2);
        f.core.createL2CNode(f.cspace, ram, 16 * KIB, CapRef.ROOT, 4);
        f.core.copy(f.cspace, dst(2), CapRef.inRoot(4), 0);
        f.core.retype(f.cspace, ram, 32 * KIB, CapType.DISPATCHER, ObjectSizes.DISPATCHER, 1, DEST, 3);
        f.core.retype(f.cspace, dst(3), 0, CapType.END_POINT, 0, 1, DEST, 4);
        f.core.retype(f.cspace, dst(3), 0, CapType.END_POINT, 0, 1, CapRef.inRoot(4), 1);
        f.core.checkInvariants();
    }

    @Test
    void revokeDeletesEveryCopyAndDescendantAndKeepsTheTarget()
    {
        family();
        final Cte target = f.at(ram);
        final List<Deletion> gone = f.core.revoke(f.cspace, ram);
        f.core.checkInvariants();
        assertEquals(2, count(gone, CapType.RAM));
        assertEquals(4, count(gone, CapType.FRAME));
        assertEquals(1, count(gone, CapType.L2_CNODE));
        assertEquals(1, count(gone, CapType.DISPATCHER));
        assertEquals(2, count(gone, CapType.END_POINT));
        assertEquals(10, gone.size());
        assertTrue(gone.stream().allMatch(d -> !d.cte().isLive()));
        assertSame(target, f.at(ram));
        assertFalse(f.core.mdb().hasCopies(target));
        assertFalse(f.core.mdb().hasDescendants(target.capability()));
        assertEquals(4, f.core.mdb().size(), "the root, two boot L2 CNodes and the RAM");
        f.core.retype(f.cspace, ram, 0, CapType.FRAME, 64 * KIB, 1, DEST, 0);
    }

    @Test
    void lastCopyIsReportedOncePerObject()
    {
        family();
        final List<Deletion> gone = f.core.revoke(f.cspace, ram);
        // Objects that vanished: frame (2 copies), sub-frame, its copy in the L2, the L2 CNode,
        // the dispatcher, the endpoint object (2 copies). The RAM copies die but the target survives.
        assertEquals(5, gone.stream().filter(Deletion::lastCopy).count());
        assertTrue(gone.stream().filter(d -> d.capability().type() == CapType.RAM).noneMatch(Deletion::lastCopy));
    }

    @Test
    void revokeThroughACopyDeletesTheOriginalToo()
    {
        family();
        f.core.revoke(f.cspace, src(1));
        assertEquals(ErrorCode.CAP_NOT_FOUND, f.fails(ErrorCode.CAP_NOT_FOUND, () -> f.at(ram)).code());
        assertEquals(CapType.RAM, f.at(src(1)).capability().type());
        f.core.checkInvariants();
    }

    @Test
    void revokeWithoutRelativesDeletesNothing()
    {
        assertEquals(List.of(), f.core.revoke(f.cspace, ram));
        assertEquals(List.of(), f.core.revoke(f.cspace, CapRef.ROOT));
    }

    @Test
    void revokeOfADescendantLeavesItsAncestorsAndSiblings()
    {
        family();
        final List<Deletion> gone = f.core.revoke(f.cspace, dst(0));
        assertEquals(List.of(CapType.FRAME, CapType.FRAME, CapType.FRAME),
            gone.stream().map(d -> d.capability().type()).toList());
        assertEquals(CapType.DISPATCHER, f.at(dst(3)).capability().type());
        f.core.checkInvariants();
    }

    @Test
    void deletingOneCopyKeepsTheObjectAndItsDescendants()
    {
        family();
        final List<Deletion> gone = f.core.delete(f.cspace, ram);
        assertEquals(1, gone.size());
        assertFalse(gone.get(0).lastCopy());
        assertTrue(f.core.mdb().hasDescendants(f.at(src(1)).capability()));
    }

    @Test
    void descendantsOutliveTheirDeletedAncestor()
    {
        f.core.retype(f.cspace, ram, 0, CapType.FRAME, 16 * KIB, 1, DEST, 0);
        final List<Deletion> gone = f.core.delete(f.cspace, ram);
        assertTrue(gone.get(0).lastCopy());
        final Cte frame = f.at(dst(0));
        assertTrue(frame.isLive());
        assertFalse(f.core.mdb().hasAncestors(frame.capability()), "the kernel may now reclaim the frame's memory");
        f.core.checkInvariants();
    }

    @Test
    void deletingTheLastCopyOfACNodeDeletesWhatItHoldsAtAnyDepth()
    {
        f.core.createL2CNode(f.cspace, ram, 0, CapRef.ROOT, 4);
        f.core.createL2CNode(f.cspace, ram, 16 * KIB, CapRef.inRoot(4), 0);
        f.core.copy(f.cspace, CapRef.of(4, 0), CapRef.ROOT, 5);
        f.core.retype(f.cspace, ram, 32 * KIB, CapType.FRAME, 4 * KIB, 3, CapRef.inRoot(5), 10);
        f.core.delete(f.cspace, CapRef.inRoot(5));
        f.core.checkInvariants();
        assertEquals(3, f.core.mdb().copiesAndDescendants(f.at(ram)).size() - 2, "still held through the inner CNode");

        final List<Deletion> gone = f.core.delete(f.cspace, CapRef.inRoot(4));
        assertEquals(List.of(CapType.L2_CNODE, CapType.L2_CNODE, CapType.FRAME, CapType.FRAME, CapType.FRAME),
            gone.stream().map(d -> d.capability().type()).toList());
        assertTrue(gone.stream().allMatch(Deletion::lastCopy));
        assertFalse(f.core.mdb().hasDescendants(f.at(ram).capability()));
        f.core.checkInvariants();
    }

    @Test
    void revokingTheMemoryUnderTheTargetsOwnCNodeDeletesTheTargetToo()
    {
        f.core.createL2CNode(f.cspace, ram, 0, CapRef.ROOT, 4);
        f.core.copy(f.cspace, ram, CapRef.inRoot(4), 0);
        f.core.delete(f.cspace, ram);
        final Cte target = f.at(CapRef.of(4, 0));
        final List<Deletion> gone = f.core.revoke(f.cspace, CapRef.of(4, 0));
        assertEquals(2, gone.size());
        assertFalse(target.isLive());
        assertEquals(3, f.core.mdb().size());
        f.core.checkInvariants();
    }

    @Test
    void endpointsOutliveTheirDispatcherAndBlockItsMemoryUntilDeleted()
    {
        f.core.retype(f.cspace, ram, 0, CapType.DISPATCHER, ObjectSizes.DISPATCHER, 1, DEST, 0);
        f.core.retype(f.cspace, dst(0), 0, CapType.END_POINT, 0, 1, DEST, 1);
        assertTrue(f.core.delete(f.cspace, dst(0)).get(0).lastCopy());
        f.fails(ErrorCode.REVOKE_FIRST, () -> f.core.retype(f.cspace, ram, 0, CapType.FRAME, 4 * KIB, 1, DEST, 5));
        f.core.delete(f.cspace, dst(1));
        f.core.retype(f.cspace, ram, 0, CapType.FRAME, 4 * KIB, 1, DEST, 5);
    }

    @Test
    void deleteAndRevokeCheckTheirArguments()
    {
        f.fails(ErrorCode.INVALID_CAPREF, () -> f.core.delete(f.cspace, CapRef.ROOT));
        f.fails(ErrorCode.CAP_NOT_FOUND, () -> f.core.delete(f.cspace, src(9)));
        f.fails(ErrorCode.CAP_NOT_FOUND, () -> f.core.revoke(f.cspace, src(9)));
        f.fails(ErrorCode.L1_CNODE_INDEX, () -> f.core.delete(f.cspace, CapRef.inRoot(300)));
        f.core.mint(f.cspace, CapRef.inRoot(0), CapRef.ROOT, 6, CapRights.READ);
        f.fails(ErrorCode.NO_RIGHTS, () -> f.core.delete(f.cspace, CapRef.of(6, 0)));
        f.fails(ErrorCode.NO_RIGHTS, () -> f.core.revoke(f.cspace, CapRef.of(6, 0)));
        f.fails(ErrorCode.NO_RIGHTS, () -> f.core.copy(f.cspace, ram, CapRef.inRoot(6), 3));
        f.fails(ErrorCode.SLOT_IN_USE, () -> f.core.copy(f.cspace, ram, CapRef.inRoot(0), 0));
        f.fails(ErrorCode.SLOTS_INVALID, () -> f.core.copy(f.cspace, ram, CapRef.inRoot(0), 256));
        f.fails(ErrorCode.CNODE_TYPE, () -> f.core.copy(f.cspace, ram, ram, 0));
    }

    @Test
    void mintNeverAddsRights()
    {
        int slot = 1;
        for (int held = 0; held < 32; held++)
        {
            final CapRef heldRef = CapRef.of(0, slot++);
            f.core.mint(f.cspace, ram, CapRef.inRoot(0), heldRef.l2Slot(), new CapRights(held));
            for (int mask = 0; mask < 32; mask += 3)
            {
                final Cte minted = f.core.mint(f.cspace, heldRef, DEST, 0, new CapRights(mask));
                assertEquals(held & mask, minted.capability().rights().bits());
                final Cte copied = f.core.copy(f.cspace, CapRef.of(1, 0), DEST, 1);
                assertEquals(minted.capability().rights(), copied.capability().rights());
                f.core.delete(f.cspace, dst(0));
                f.core.delete(f.cspace, dst(1));
            }
        }
        f.core.checkInvariants();
    }

    @Test
    void identifyNeedsTheIdentifyRight()
    {
        final Capability c = f.core.identify(f.cspace, ram);
        assertEquals(CapType.RAM, c.type());
        assertEquals(RAM_BASE, c.base());
        f.core.mint(f.cspace, ram, CapRef.inRoot(0), 1, CapRights.READ);
        f.fails(ErrorCode.NO_RIGHTS, () -> f.core.identify(f.cspace, src(1)));
        f.fails(ErrorCode.CAP_NOT_FOUND, () -> f.core.identify(f.cspace, src(2)));
    }
}
