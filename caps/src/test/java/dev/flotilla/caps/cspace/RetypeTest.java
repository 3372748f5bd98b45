package dev.flotilla.caps.cspace;

import static dev.flotilla.caps.cspace.Fixture.DEST;
import static dev.flotilla.caps.cspace.Fixture.KIB;
import static dev.flotilla.caps.cspace.Fixture.PAGE;
import static dev.flotilla.caps.cspace.Fixture.dst;
import static dev.flotilla.caps.cspace.Fixture.src;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.mdb.MdbOrder;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Retype scenarios in the manner of Barrelfish's {@code usr/tests/retype}: a 64 KiB RAM cap carved up. */
final class RetypeTest
{
    private static final long RAM_BASE = 0x100000;
    private static final long RAM_SIZE = 64 * KIB;

    private Fixture f;
    private CapRef ram;

    @BeforeEach
    void boot()
    {
        f = new Fixture();
        ram = f.boot(0, CapType.RAM, RAM_BASE, RAM_SIZE);
    }

    private List<Cte> retype(final CapRef source, final long offset, final CapType type, final long size,
        final int count, final int destSlot)
    {
        final List<Cte> made = f.core.retype(f.cspace, source, offset, type, size, count, DEST, destSlot);
        f.core.checkInvariants();
        return made;
    }

    private void revokeFirst(final long offset, final CapType type, final long size, final int count)
    {
        f.fails(ErrorCode.REVOKE_FIRST, () -> f.core.retype(f.cspace, ram, offset, type, size, count, DEST, 100));
    }

    @Test
    void nonOverlappingRetypesAllSucceed()
    {
        final List<Cte> frames = retype(ram, 0, CapType.FRAME, 4 * KIB, 4, 0);
        assertEquals(4, frames.size());
        for (int i = 0; i < 4; i++)
        {
            final Capability c = frames.get(i).capability();
            assertEquals(RAM_BASE + i * 4 * KIB, c.base());
            assertEquals(4 * KIB, c.size());
            assertEquals(dst(i), CapRef.of(1, frames.get(i).slot()));
        }
        retype(ram, 16 * KIB, CapType.L2_CNODE, ObjectSizes.L2_CNODE, 1, 4);
        retype(ram, 32 * KIB, CapType.DISPATCHER, ObjectSizes.DISPATCHER, 4, 5);
        retype(ram, 36 * KIB, CapType.VNODE_X86_64_PML4, ObjectSizes.VNODE, 1, 9);
        retype(ram, 40 * KIB, CapType.RAM, 8 * KIB, 3, 10);
        assertEquals(4 + 1 + 4 + 1 + 3, f.core.mdb().copiesAndDescendants(f.at(ram)).size());
        assertTrue(f.core.mdb().hasDescendants(f.at(ram).capability()));
    }

    @Test
    void retypeIntoTheGapsBetweenDescendantsSucceeds()
    {
        retype(ram, 0, CapType.FRAME, 4 * KIB, 1, 0);
        retype(ram, 8 * KIB, CapType.FRAME, 4 * KIB, 1, 1);
        retype(ram, 4 * KIB, CapType.FRAME, 4 * KIB, 1, 2);
        retype(ram, 12 * KIB, CapType.FRAME, 52 * KIB, 1, 3);
        revokeFirst(0, CapType.FRAME, 4 * KIB, 1);
    }

    @Test
    void retypeAfterDeletingTheOnlyDescendantSucceeds()
    {
        retype(ram, 0, CapType.FRAME, 16 * KIB, 1, 0);
        revokeFirst(0, CapType.FRAME, 16 * KIB, 1);
        f.core.delete(f.cspace, dst(0));
        assertFalse(f.core.mdb().hasDescendants(f.at(ram).capability()));
        retype(ram, 0, CapType.FRAME, 16 * KIB, 1, 0);
    }

    @Test
    void deletingOneOfTwoDescendantsLeavesItsRangeFreeAndTheOtherBlocked()
    {
        retype(ram, 0, CapType.FRAME, 8 * KIB, 2, 0);
        f.core.delete(f.cspace, dst(0));
        retype(ram, 0, CapType.VNODE_X86_64_PTABLE, ObjectSizes.VNODE, 2, 5);
        revokeFirst(8 * KIB, CapType.FRAME, 8 * KIB, 1);
    }

    @Test
    void deletingACopyOfTheDescendantDoesNotFreeTheRange()
    {
        retype(ram, 0, CapType.FRAME, 8 * KIB, 1, 0);
        f.core.copy(f.cspace, dst(0), DEST, 1);
        f.core.delete(f.cspace, dst(0));
        revokeFirst(0, CapType.FRAME, 8 * KIB, 1);
        f.core.delete(f.cspace, dst(1));
        retype(ram, 0, CapType.FRAME, 8 * KIB, 1, 0);
    }

    @Test
    void aGrandchildBlocksEvenAfterItsParentIsDeleted()
    {
        retype(ram, 0, CapType.FRAME, 16 * KIB, 1, 0);
        retype(dst(0), 4 * KIB, CapType.FRAME, 4 * KIB, 1, 1);
        f.core.delete(f.cspace, dst(0));
        revokeFirst(0, CapType.FRAME, 16 * KIB, 1);
        retype(ram, 0, CapType.FRAME, 4 * KIB, 1, 0);
        revokeFirst(4 * KIB, CapType.FRAME, 4 * KIB, 1);
        retype(ram, 8 * KIB, CapType.FRAME, 8 * KIB, 1, 2);
    }

    @ParameterizedTest(name = "existing [{0}K,+{1}K) blocks new [{2}K,+{3}K)")
    @CsvSource({
        "16, 16, 16, 16",   // the same range
        "16, 16, 20, 4",    // inside the descendant
        "16, 16, 0, 64",    // surrounding the descendant
        "16, 16, 8, 12",    // overlapping its start
        "16, 16, 28, 8",    // overlapping its end
        "16, 16, 0, 32",    // sharing its end
        "16, 16, 16, 48",   // sharing its start
    })
    void everyOverlapWithADescendantIsRevokeFirst(final long base, final long size, final long newBase,
        final long newSize)
    {
        retype(ram, base * KIB, CapType.FRAME, size * KIB, 1, 0);
        revokeFirst(newBase * KIB, CapType.FRAME, newSize * KIB, 1);
        revokeFirst(newBase * KIB, CapType.RAM, newSize * KIB, 1);
    }

    @Test
    void anOverlapAnywhereInAMultiObjectRetypeIsRevokeFirst()
    {
        retype(ram, 40 * KIB, CapType.DISPATCHER, ObjectSizes.DISPATCHER, 1, 0);
        revokeFirst(0, CapType.FRAME, 8 * KIB, 8);
        revokeFirst(0, CapType.DISPATCHER, ObjectSizes.DISPATCHER, 64);
    }

    @Test
    void retypeThroughACopyOfTheSourceSeesTheSourcesDescendants()
    {
        f.core.copy(f.cspace, ram, CapRef.inRoot(0), 1);
        retype(ram, 0, CapType.FRAME, 8 * KIB, 1, 0);
        f.fails(ErrorCode.REVOKE_FIRST, () -> f.core.retype(f.cspace, src(1), 0, CapType.FRAME, 8 * KIB, 1, DEST, 5));
        retype(src(1), 8 * KIB, CapType.FRAME, 8 * KIB, 1, 5);
    }

    @Test
    void aDescendantMayBeRetypedFurtherWhileItsAncestorIsBlocked()
    {
        retype(ram, 0, CapType.FRAME, 16 * KIB, 1, 0);
        retype(dst(0), 0, CapType.FRAME, 4 * KIB, 4, 1);
        f.fails(ErrorCode.REVOKE_FIRST, () -> f.core.retype(f.cspace, dst(0), 0, CapType.FRAME, 16 * KIB, 1, DEST, 9));
    }

    @Test
    void aWholeSameTypeRetypeIsACopy()
    {
        final Cte whole = retype(ram, 0, CapType.RAM, RAM_SIZE, 1, 0).get(0);
        assertTrue(MdbOrder.isCopy(whole.capability(), f.at(ram).capability()));
        assertFalse(f.core.mdb().hasDescendants(f.at(ram).capability()));
        retype(dst(0), 0, CapType.FRAME, 4 * KIB, 1, 1);
        revokeFirst(0, CapType.FRAME, 4 * KIB, 1);
    }

    @Test
    void aDispatcherRetypesIntoEndpointsAgainAndAgain()
    {
        final Cte dispatcher = retype(ram, 0, CapType.DISPATCHER, ObjectSizes.DISPATCHER, 1, 0).get(0);
        final Cte ep1 = retype(dst(0), 0, CapType.END_POINT, 0, 1, 1).get(0);
        final Cte ep2 = retype(dst(0), 0, CapType.END_POINT, 0, 1, 2).get(0);
        assertEquals(dispatcher.capability().base(), ep1.capability().base());
        assertEquals(dispatcher.capability().size(), ep2.capability().size());
        assertTrue(MdbOrder.isAncestor(ep1.capability(), dispatcher.capability()));
        assertTrue(MdbOrder.isCopy(ep1.capability(), ep2.capability()));
    }

    @Test
    void newCapabilitiesTakeTheSourcesRightsAndThisCore()
    {
        final CapRights rw = CapRights.READ.or(CapRights.WRITE);
        f.core.mint(f.cspace, ram, CapRef.inRoot(0), 1, rw);
        final Cte frame = retype(src(1), 0, CapType.FRAME, PAGE, 1, 0).get(0);
        assertEquals(rw, frame.capability().rights());
        assertEquals(3, frame.owner());
    }

    @Nested
    final class BadArguments
    {
        private void fails(final ErrorCode code, final CapRef source, final long offset, final CapType type,
            final long size, final int count, final CapRef destCNode, final int destSlot)
        {
            f.fails(code, () -> f.core.retype(f.cspace, source, offset, type, size, count, destCNode, destSlot));
        }

        @Test
        void wrongSourceTypeIsInvalidSourceType()
        {
            final CapRef frame = dst(0);
            f.core.retype(f.cspace, ram, 0, CapType.FRAME, 8 * KIB, 1, DEST, 0);
            fails(ErrorCode.INVALID_SOURCE_TYPE, frame, 0, CapType.L2_CNODE, ObjectSizes.L2_CNODE, 1, DEST, 9);
            fails(ErrorCode.INVALID_SOURCE_TYPE, frame, 0, CapType.RAM, 4 * KIB, 1, DEST, 9);
            fails(ErrorCode.INVALID_SOURCE_TYPE, ram, 0, CapType.END_POINT, 0, 1, DEST, 9);
            fails(ErrorCode.INVALID_SOURCE_TYPE, ram, 0, CapType.DEV_FRAME, 4 * KIB, 1, DEST, 9);
            fails(ErrorCode.INVALID_SOURCE_TYPE, ram, 0, CapType.KERNEL, 0, 1, DEST, 9);
            fails(ErrorCode.INVALID_SOURCE_TYPE, CapRef.inRoot(1), 0, CapType.FRAME, 4 * KIB, 1, DEST, 9);
            fails(ErrorCode.INVALID_SOURCE_TYPE, ram, 0, CapType.PHYS_ADDR, 4 * KIB, 1, DEST, 9);
            final CapRef kernel = f.boot(5, CapType.KERNEL, 0, 0);
            fails(ErrorCode.INVALID_SOURCE_TYPE, kernel, 0, CapType.KERNEL, 0, 1, DEST, 9);
        }

        @Test
        void mappingTypesAreNeverRetyped()
        {
            fails(ErrorCode.RETYPE_MAPPING_EXPLICIT, ram, 0, CapType.FRAME_MAPPING, 0, 1, DEST, 9);
        }

        @Test
        void badOffsetIsRetypeInvalidOffset()
        {
            fails(ErrorCode.RETYPE_INVALID_OFFSET, ram, 1, CapType.FRAME, 4 * KIB, 1, DEST, 0);
            fails(ErrorCode.RETYPE_INVALID_OFFSET, ram, 2 * KIB, CapType.FRAME, 4 * KIB, 1, DEST, 0);
            fails(ErrorCode.RETYPE_INVALID_OFFSET, ram, -4 * KIB, CapType.FRAME, 4 * KIB, 1, DEST, 0);
            fails(ErrorCode.RETYPE_INVALID_OFFSET, ram, RAM_SIZE, CapType.FRAME, 4 * KIB, 1, DEST, 0);
            fails(ErrorCode.RETYPE_INVALID_OFFSET, ram, 512, CapType.DISPATCHER, ObjectSizes.DISPATCHER, 1, DEST, 0);
            // Count fits the source, but not from this offset.
            fails(ErrorCode.RETYPE_INVALID_OFFSET, ram, 60 * KIB, CapType.FRAME, 8 * KIB, 1, DEST, 0);
            fails(ErrorCode.RETYPE_INVALID_OFFSET, ram, 4 * KIB, CapType.FRAME, 4 * KIB, 16, DEST, 0);
            f.core.retype(f.cspace, ram, KIB, CapType.DISPATCHER, ObjectSizes.DISPATCHER, 1, DEST, 0);
        }

        @Test
        void badSizeIsInvalidSize()
        {
            fails(ErrorCode.INVALID_SIZE, ram, 0, CapType.FRAME, 4 * KIB + 1, 1, DEST, 0);
            fails(ErrorCode.INVALID_SIZE, ram, 0, CapType.FRAME, 0, 1, DEST, 0);
            fails(ErrorCode.INVALID_SIZE, ram, 0, CapType.FRAME, -4 * KIB, 1, DEST, 0);
            fails(ErrorCode.INVALID_SIZE, ram, 0, CapType.FRAME, 2 * RAM_SIZE, 1, DEST, 0);
            fails(ErrorCode.INVALID_SIZE, ram, 0, CapType.L2_CNODE, 8 * KIB, 1, DEST, 0);
            fails(ErrorCode.INVALID_SIZE, ram, 0, CapType.L1_CNODE, 24 * KIB, 1, DEST, 0);
            fails(ErrorCode.INVALID_SIZE, ram, 0, CapType.VNODE_X86_64_PDIR, 8 * KIB, 1, DEST, 0);
            fails(ErrorCode.INVALID_SIZE, ram, 0, CapType.DISPATCHER, 4 * KIB, 1, DEST, 0);
        }

        @Test
        void badCountIsRetypeInvalidCount()
        {
            fails(ErrorCode.RETYPE_INVALID_COUNT, ram, 0, CapType.FRAME, 4 * KIB, 0, DEST, 0);
            fails(ErrorCode.RETYPE_INVALID_COUNT, ram, 0, CapType.FRAME, 4 * KIB, -1, DEST, 0);
            fails(ErrorCode.RETYPE_INVALID_COUNT, ram, 0, CapType.FRAME, 4 * KIB, 17, DEST, 0);
            fails(ErrorCode.RETYPE_INVALID_COUNT, ram, 0, CapType.FRAME, 4 * KIB, Integer.MAX_VALUE, DEST, 0);
            f.core.retype(f.cspace, ram, 0, CapType.DISPATCHER, ObjectSizes.DISPATCHER, 1, DEST, 0);
            fails(ErrorCode.RETYPE_INVALID_COUNT, dst(0), 0, CapType.END_POINT, 0, 2, DEST, 1);
        }

        @Test
        void emptySourceIsCapNotFound()
        {
            fails(ErrorCode.CAP_NOT_FOUND, src(7), 0, CapType.FRAME, 4 * KIB, 1, DEST, 0);
            fails(ErrorCode.CAP_NOT_FOUND, CapRef.of(9, 0), 0, CapType.FRAME, 4 * KIB, 1, DEST, 0);
            fails(ErrorCode.L1_CNODE_INDEX, CapRef.of(256, 0), 0, CapType.FRAME, 4 * KIB, 1, DEST, 0);
        }

        @Test
        void destinationProblems()
        {
            f.core.retype(f.cspace, ram, 0, CapType.FRAME, 4 * KIB, 1, DEST, 3);
            fails(ErrorCode.SLOT_IN_USE, ram, 4 * KIB, CapType.FRAME, 4 * KIB, 4, DEST, 0);
            fails(ErrorCode.SLOTS_INVALID, ram, 4 * KIB, CapType.FRAME, 4 * KIB, 2, DEST, 255);
            fails(ErrorCode.SLOTS_INVALID, ram, 4 * KIB, CapType.FRAME, 4 * KIB, 1, DEST, -1);
            fails(ErrorCode.CNODE_TYPE, ram, 4 * KIB, CapType.FRAME, 4 * KIB, 1, dst(3), 0);
            fails(ErrorCode.CAP_NOT_FOUND, ram, 4 * KIB, CapType.FRAME, 4 * KIB, 1, CapRef.inRoot(7), 0);
        }

        @Test
        void missingRightsAreNoRights()
        {
            f.core.mint(f.cspace, ram, CapRef.inRoot(0), 1, CapRights.READ);
            fails(ErrorCode.NO_RIGHTS, src(1), 0, CapType.FRAME, 4 * KIB, 1, DEST, 0);
            f.core.mint(f.cspace, DEST, CapRef.inRoot(0), 2, CapRights.READ);
            f.core.mint(f.cspace, CapRef.inRoot(0), CapRef.ROOT, 5, CapRights.READ);
            fails(ErrorCode.NO_RIGHTS, ram, 0, CapType.FRAME, 4 * KIB, 1, CapRef.inRoot(5), 0);
        }

        @Test
        void aStaleDecodeCannotBeInvoked()
        {
            final Retype first = Retype.decode(f.core, f.cspace, ram, 0, CapType.FRAME, 4 * KIB, 1, DEST, 0);
            final Retype second = Retype.decode(f.core, f.cspace, ram, 0, CapType.FRAME, 4 * KIB, 1, DEST, 0);
            first.invoke();
            assertThrows(IllegalStateException.class, second::invoke);
            f.core.checkInvariants();
        }
    }
}
