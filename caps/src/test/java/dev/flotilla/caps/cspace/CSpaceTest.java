package dev.flotilla.caps.cspace;

import static dev.flotilla.caps.cspace.Fixture.KIB;
import static dev.flotilla.caps.cspace.Fixture.src;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Addressing, L2 CNode creation, growing the root, and CSpaces opened on and closed over CNodes. */
final class CSpaceTest
{
    private static final long MIB = 1024 * KIB;

    private Fixture f;

    @BeforeEach
    void boot()
    {
        f = new Fixture();
    }

    @Test
    void capabilityAddressesRoundTrip()
    {
        final CapRef ref = CapRef.of(0x12345, 0x67);
        assertEquals(0x01234567, ref.address());
        assertEquals(ref, CapRef.fromAddress(0x01234567, 2));
        assertEquals(CapRef.inRoot(7), CapRef.fromAddress(7 << 8, 1));
        assertEquals(CapRef.ROOT, CapRef.fromAddress(0, 0));
        assertEquals(CapRef.of(0xFFFFFF, 255), CapRef.fromAddress(-1, 2));
    }

    @Test
    void malformedAddressesAreInvalidCapref()
    {
        for (final Runnable bad : List.<Runnable>of(
            () -> CapRef.fromAddress(0x100, 3),
            () -> CapRef.fromAddress(0x105, 1),
            () -> CapRef.fromAddress(0x100, 0),
            () -> CapRef.of(1 << 24, 0),
            () -> CapRef.of(0, 256),
            () -> new CapRef(1, 0, 5)))
        {
            assertEquals(ErrorCode.INVALID_CAPREF, assertThrows(CapabilityException.class, bad::run).code());
        }
    }

    @Test
    void everyLookupChecksThePath()
    {
        f.boot(0, CapType.RAM, MIB, 64 * KIB);
        f.core.copy(f.cspace, src(0), CapRef.ROOT, 5);
        assertEquals(CapType.RAM, f.at(src(0)).capability().type());
        assertEquals(CapType.RAM, f.at(CapRef.inRoot(5)).capability().type());
        assertEquals(CapType.L2_CNODE, f.at(CapRef.inRoot(0)).capability().type());
        assertEquals(CapType.L1_CNODE, f.at(CapRef.ROOT).capability().type());
        assertEquals(ErrorCode.L1_CNODE_INDEX, assertThrows(CapabilityException.class, () -> f.at(CapRef.of(256, 0))).code());
        assertEquals(ErrorCode.CAP_NOT_FOUND, assertThrows(CapabilityException.class, () -> f.at(CapRef.of(6, 0))).code());
        assertEquals(ErrorCode.CNODE_TYPE, assertThrows(CapabilityException.class, () -> f.at(CapRef.of(5, 0))).code());
        final CapabilityException e = assertThrows(CapabilityException.class, () -> f.at(src(1)));
        assertEquals(ErrorCode.CAP_NOT_FOUND, e.code());
        assertTrue(e.detail().contains("L1[0]/1"), e.detail());
    }

    @Test
    void createL2CNodeMakesANewlyAddressableTable()
    {
        f.boot(0, CapType.RAM, MIB, 64 * KIB);
        final Cte l2 = f.core.createL2CNode(f.cspace, src(0), 16 * KIB, CapRef.ROOT, 7);
        assertEquals(256, l2.namedCNode().slotCount());
        assertEquals(MIB + 16 * KIB, l2.namedCNode().base());
        f.core.retype(f.cspace, src(0), 0, CapType.FRAME, 4 * KIB, 2, CapRef.inRoot(7), 254);
        assertEquals(CapType.FRAME, f.at(CapRef.of(7, 255)).capability().type());
        f.core.checkInvariants();
    }

    @Test
    void fillingTheRootUntilItMustGrow()
    {
        f.boot(0, CapType.RAM, 64 * MIB, 32 * MIB);
        final CapRef ram = src(0);
        long offset = 0;
        int filled = 2;
        for (int round = 0; round < 2; round++)
        {
            final int slots = f.cspace.rootCNode().slotCount();
            for (; filled < slots; filled++)
            {
                f.core.createL2CNode(f.cspace, ram, offset, CapRef.ROOT, filled);
                offset += ObjectSizes.L2_CNODE;
            }
            // The root is full: the next L2 CNode has nowhere to go.
            final long at = offset;
            final int next = filled;
            f.fails(ErrorCode.SLOTS_INVALID, () -> f.core.createL2CNode(f.cspace, ram, at, CapRef.ROOT, next));
            f.fails(ErrorCode.L1_CNODE_INDEX, () -> f.core.retype(f.cspace, ram, at, CapType.FRAME, 4096, 1,
                CapRef.inRoot(next), 0));

            // Retype a root twice the size, and move into it.
            final long bytes = 2L * slots * ObjectSizes.CTE;
            f.core.retype(f.cspace, ram, offset, CapType.L1_CNODE, bytes, 1, CapRef.inRoot(1), 10 + round);
            offset += bytes;
            final Cte before = f.at(CapRef.inRoot(100));
            final Cte oldRoot = f.core.resizeRoot(f.cspace, CapRef.of(1, 10 + round), CapRef.of(1, 20 + round));
            f.core.checkInvariants();
            assertEquals(2 * slots, f.cspace.rootCNode().slotCount());
            assertSame(before, f.at(CapRef.inRoot(100)), "every capref still names what it named");
            assertSame(oldRoot, f.at(CapRef.of(1, 20 + round)));
            assertEquals(slots, oldRoot.namedCNode().slotCount());

            // Deleting the old root deletes nothing else: its table is empty. The boot root had no other
            // copy; the second old root still has the one it was retyped into.
            final List<Deletion> gone = f.core.delete(f.cspace, CapRef.of(1, 20 + round));
            assertEquals(1, gone.size());
            assertEquals(round == 0, gone.get(0).lastCopy());
            f.core.checkInvariants();
        }
        assertEquals(1024, f.cspace.rootCNode().slotCount());
        for (; filled < 600; filled++)
        {
            f.core.createL2CNode(f.cspace, ram, offset, CapRef.ROOT, filled);
            offset += ObjectSizes.L2_CNODE;
        }
        f.core.retype(f.cspace, ram, offset, CapType.FRAME, 4096, 1, CapRef.inRoot(599), 255);
        assertEquals(CapType.FRAME, f.at(CapRef.of(599, 255)).capability().type());
        f.core.checkInvariants();
    }

    @Test
    void resizeChecksItsArguments()
    {
        f.boot(0, CapType.RAM, 64 * MIB, MIB);
        f.core.retype(f.cspace, src(0), 0, CapType.L1_CNODE, 32 * KIB, 1, Fixture.DEST, 0);
        f.core.retype(f.cspace, src(0), 32 * KIB, CapType.L1_CNODE, 16 * KIB, 1, Fixture.DEST, 1);
        f.core.retype(f.cspace, src(0), 48 * KIB, CapType.L2_CNODE, 16 * KIB, 1, Fixture.DEST, 2);
        f.fails(ErrorCode.CNODE_TYPE, () -> f.core.resizeRoot(f.cspace, Fixture.dst(2), Fixture.dst(9)));
        f.fails(ErrorCode.INVALID_SIZE, () -> f.core.resizeRoot(f.cspace, Fixture.dst(1), Fixture.dst(9)));
        f.fails(ErrorCode.SLOT_IN_USE, () -> f.core.resizeRoot(f.cspace, Fixture.dst(0), Fixture.dst(2)));
        f.fails(ErrorCode.CAP_NOT_FOUND, () -> f.core.resizeRoot(f.cspace, Fixture.dst(7), Fixture.dst(9)));
        f.core.retype(f.cspace, src(0), 64 * KIB, CapType.FRAME, 4 * KIB, 1, Fixture.dst(0), 3);
        f.fails(ErrorCode.SLOT_IN_USE, () -> f.core.resizeRoot(f.cspace, Fixture.dst(0), Fixture.dst(9)));
        f.core.mint(f.cspace, Fixture.dst(1), Fixture.DEST, 4, CapRights.READ);
        f.fails(ErrorCode.CNODE_TYPE, () -> f.core.resizeRoot(f.cspace, Fixture.dst(2), Fixture.dst(9)));
    }

    @Test
    void aCSpaceOpenedOnAnL1CNodeSharesItsTableAndCloses()
    {
        f.boot(0, CapType.RAM, 64 * MIB, MIB);
        f.core.retype(f.cspace, src(0), 0, CapType.L1_CNODE, 16 * KIB, 1, Fixture.DEST, 0);
        final CSpace child = f.core.openCSpace(f.cspace, Fixture.dst(0));
        f.core.retype(f.cspace, src(0), 16 * KIB, CapType.L2_CNODE, 16 * KIB, 1, Fixture.dst(0), 3);
        f.core.retype(f.cspace, src(0), 64 * KIB, CapType.FRAME, 4096, 1, CapRef.inRoot(1), 5);
        f.core.copy(f.cspace, Fixture.dst(5), Fixture.dst(0), 4);
        f.core.copy(f.cspace, Fixture.dst(5), Fixture.dst(0), 6);
        assertEquals(CapType.L2_CNODE, child.lookup(CapRef.inRoot(3)).capability().type());
        f.core.retype(child, CapRef.inRoot(4), 0, CapType.FRAME, 4096, 1, CapRef.inRoot(3), 0);
        f.fails(ErrorCode.CNODE_TYPE, () -> f.core.openCSpace(f.cspace, Fixture.dst(5)));

        // Closing the child leaves the table alive while the parent still holds a copy.
        assertEquals(1, f.core.closeCSpace(child).size());
        assertFalse(child.isLive());
        assertEquals(ErrorCode.CAP_NOT_FOUND, assertThrows(CapabilityException.class, () -> child.lookup(CapRef.ROOT)).code());
        assertEquals(CapType.L2_CNODE, f.at(Fixture.dst(0)).namedCNode().get(3).capability().type());

        // Reopen it, drop the parent's copy, close again: now the table and all it holds go.
        final CSpace again = f.core.openCSpace(f.cspace, Fixture.dst(0));
        f.core.delete(f.cspace, Fixture.dst(0));
        final List<Deletion> gone = f.core.closeCSpace(again);
        final List<CapType> types = new ArrayList<>();
        gone.forEach(d -> types.add(d.capability().type()));
        assertEquals(List.of(CapType.L1_CNODE, CapType.L2_CNODE, CapType.FRAME, CapType.FRAME, CapType.FRAME), types);
        assertTrue(gone.get(0).lastCopy());
        f.core.checkInvariants();
        f.fails(ErrorCode.CAP_NOT_FOUND, () -> f.core.closeCSpace(again));
    }

    @Test
    void transferCopiesFromOneCSpaceIntoAnotherAndNamesEachSideInItsErrors()
    {
        f.boot(0, CapType.RAM, 64 * MIB, MIB);
        f.core.retype(f.cspace, src(0), 0, CapType.L1_CNODE, 16 * KIB, 1, Fixture.DEST, 0);
        f.core.retype(f.cspace, src(0), 16 * KIB, CapType.L2_CNODE, 16 * KIB, 1, Fixture.dst(0), 2);
        final CSpace child = f.core.openCSpace(f.cspace, Fixture.dst(0));
        f.core.delete(f.cspace, Fixture.dst(0));
        f.core.retype(f.cspace, src(0), 64 * KIB, CapType.FRAME, 4096, 1, Fixture.DEST, 7);
        f.core.mint(f.cspace, Fixture.dst(7), Fixture.DEST, 8, CapRights.READ.or(CapRights.GRANT));
        f.core.mint(f.cspace, Fixture.dst(7), Fixture.DEST, 10, CapRights.READ);

        final Cte given = f.core.transfer(f.cspace, Fixture.dst(8), child, CapRef.inRoot(2), 5);
        assertSame(given, child.lookup(CapRef.of(2, 5)));
        assertEquals(CapRights.READ.or(CapRights.GRANT), given.capability().rights());
        f.fails(ErrorCode.NO_RIGHTS, () -> f.core.transfer(f.cspace, Fixture.dst(10), child, CapRef.inRoot(2), 6));
        assertTrue(f.core.mdb().hasCopies(given));

        // The source is looked up in the first CSpace only, the destination in the second only.
        f.fails(ErrorCode.CAP_NOT_FOUND, () -> f.core.transfer(child, Fixture.dst(7), f.cspace, Fixture.DEST, 9));
        f.fails(ErrorCode.CAP_NOT_FOUND, () -> f.core.transfer(f.cspace, Fixture.dst(7), child, Fixture.DEST, 9));
        f.fails(ErrorCode.SLOT_IN_USE, () -> f.core.transfer(f.cspace, Fixture.dst(7), child, CapRef.inRoot(2), 5));
        f.core.checkInvariants();
    }
}
