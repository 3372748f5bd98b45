package dev.flotilla.caps.cspace;

import static dev.flotilla.caps.cspace.Fixture.DEST;
import static dev.flotilla.caps.cspace.Fixture.KIB;
import static dev.flotilla.caps.cspace.Fixture.dst;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.PageMapping;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mapping frames and page tables into page tables, and how mappings die with what they map. */
final class MapTest
{
    private static final long RAM_BASE = 0x400000;
    private static final CapRights RW = CapRights.READ.or(CapRights.WRITE);
    private static final CapRef PML4 = dst(0);
    private static final CapRef PDPT = dst(1);
    private static final CapRef PDIR = dst(2);
    private static final CapRef PTABLE = dst(3);
    private static final CapRef FRAME = dst(4);
    private static final CapRef LARGE = dst(5);
    /** Mapping capabilities go to L1[2]. */
    private static final CapRef MAPPINGS = CapRef.inRoot(2);

    private Fixture f;
    private CapRef ram;

    @BeforeEach
    void boot()
    {
        f = new Fixture();
        ram = f.boot(0, CapType.RAM, RAM_BASE, 4 * ObjectSizes.LARGE_PAGE);
        f.core.create(f.cspace, CapRef.ROOT, 2, CapType.L2_CNODE, 48 * KIB, ObjectSizes.L2_CNODE);
        f.core.retype(f.cspace, ram, 0, CapType.FRAME, ObjectSizes.LARGE_PAGE, 1, DEST, 5);
        final long tables = ObjectSizes.LARGE_PAGE;
        f.core.retype(f.cspace, ram, tables, CapType.VNODE_X86_64_PML4, ObjectSizes.VNODE, 1, DEST, 0);
        f.core.retype(f.cspace, ram, tables + 4 * KIB, CapType.VNODE_X86_64_PDPT, ObjectSizes.VNODE, 1, DEST, 1);
        f.core.retype(f.cspace, ram, tables + 8 * KIB, CapType.VNODE_X86_64_PDIR, ObjectSizes.VNODE, 1, DEST, 2);
        f.core.retype(f.cspace, ram, tables + 12 * KIB, CapType.VNODE_X86_64_PTABLE, ObjectSizes.VNODE, 1, DEST, 3);
        f.core.retype(f.cspace, ram, tables + 16 * KIB, CapType.FRAME, 16 * KIB, 1, DEST, 4);
    }

    private Cte map(final CapRef vnode, final CapRef source, final int entry, final long offset, final int count,
        final int slot)
    {
        final Cte m = f.core.map(f.cspace, vnode, source, entry, offset, count, RW, MAPPINGS, slot);
        f.core.checkInvariants();
        return m;
    }

    private void buildAddressSpace()
    {
        map(PML4, PDPT, 0, 0, 1, 0);
        map(PDPT, PDIR, 0, 0, 1, 1);
        map(PDIR, PTABLE, 0, 0, 1, 2);
        map(PTABLE, FRAME, 4, 0, 4, 3);
        map(PDIR, LARGE, 1, 0, 1, 4);
    }

    private static List<CapType> types(final List<Deletion> deletions)
    {
        return deletions.stream().map(d -> d.capability().type()).toList();
    }

    @Test
    void aMappingCapabilityRecordsWhereItsObjectIsMapped()
    {
        buildAddressSpace();
        final Capability frame = f.at(FRAME).capability();
        final Capability m = f.at(CapRef.of(2, 3)).capability();
        assertEquals(CapType.FRAME_MAPPING, m.type());
        assertEquals(frame.base(), m.base());
        assertEquals(frame.size(), m.size());
        assertEquals(RW, m.rights());
        assertEquals(new PageMapping(f.at(PTABLE).capability().base(), 4, 4, 0), m.mapping());
        assertEquals(CapType.VNODE_X86_64_PDPT_MAPPING, f.at(CapRef.of(2, 0)).capability().type());
        assertTrue(f.core.mdb().hasDescendants(frame));
    }

    @Test
    void unmappingIsDeletingTheMappingAndFreesItsEntries()
    {
        buildAddressSpace();
        f.core.copy(f.cspace, FRAME, DEST, 20);
        f.fails(ErrorCode.VNODE_SLOT_INUSE, () -> f.core.map(f.cspace, PTABLE, dst(20), 7, 0, 1, RW, MAPPINGS, 9));
        final List<Deletion> gone = f.core.delete(f.cspace, CapRef.of(2, 3));
        assertEquals(List.of(CapType.FRAME_MAPPING), types(gone));
        assertEquals(4, gone.get(0).capability().mapping().pteCount());
        map(PTABLE, FRAME, 7, 0, 1, 9);
        map(PTABLE, dst(20), 3, 4 * KIB, 1, 10);
    }

    @Test
    void aCapabilityMapsAtMostOnceAndASecondMappingTakesACopy()
    {
        buildAddressSpace();
        f.fails(ErrorCode.VM_ALREADY_MAPPED, () -> f.core.map(f.cspace, PTABLE, FRAME, 8, 0, 1, RW, MAPPINGS, 9));
        f.fails(ErrorCode.VM_ALREADY_MAPPED, () -> f.core.map(f.cspace, PDIR, PTABLE, 5, 0, 1, RW, MAPPINGS, 9));
        f.core.copy(f.cspace, FRAME, DEST, 20);
        map(PTABLE, dst(20), 8, 0, 1, 9);
        assertTrue(f.at(FRAME).isMapped());
        assertTrue(f.at(dst(20)).isMapped());
        f.core.delete(f.cspace, CapRef.of(2, 3)); // unmap the first: the capability may map again
        assertFalse(f.at(FRAME).isMapped());
        map(PTABLE, FRAME, 12, 0, 2, 3);
        f.core.copy(f.cspace, FRAME, DEST, 21);
        assertFalse(f.at(dst(21)).isMapped(), "a copy is a capability of its own, unmapped");
    }

    @Test
    void deletingAFramesLastCopyUnmapsIt()
    {
        buildAddressSpace();
        f.core.copy(f.cspace, FRAME, DEST, 9);
        assertEquals(List.of(CapType.FRAME, CapType.FRAME_MAPPING), types(f.core.delete(f.cspace, FRAME)),
            "the capability that was mapped takes its mapping along, though a copy lives on");
        map(PTABLE, dst(9), 4, 0, 4, 3);
        f.core.copy(f.cspace, dst(9), DEST, 10);
        assertEquals(List.of(CapType.FRAME), types(f.core.delete(f.cspace, dst(10))), "an unmapped copy goes alone");
        f.core.copy(f.cspace, dst(9), DEST, 10);
        f.core.delete(f.cspace, CapRef.of(2, 3));
        f.core.map(f.cspace, PTABLE, dst(10), 4, 0, 4, RW, MAPPINGS, 3);
        f.core.copy(f.cspace, dst(9), DEST, 11);
        f.core.delete(f.cspace, dst(11));
        f.core.delete(f.cspace, dst(9));
        final List<Deletion> gone = f.core.delete(f.cspace, dst(10));
        assertEquals(List.of(CapType.FRAME, CapType.FRAME_MAPPING), types(gone));
        assertTrue(gone.get(0).lastCopy());
        f.core.copy(f.cspace, LARGE, DEST, 21); // LARGE itself is mapped in the page directory
        map(PTABLE, dst(21), 4, 0, 4, 3);
    }

    @Test
    void revokingAFrameUnmapsItAndKeepsIt()
    {
        buildAddressSpace();
        assertEquals(List.of(CapType.FRAME_MAPPING), types(f.core.revoke(f.cspace, FRAME)));
        assertTrue(f.at(FRAME).isLive());
    }

    @Test
    void revokingTheRamTearsDownTheWholeAddressSpace()
    {
        buildAddressSpace();
        final List<Deletion> gone = f.core.revoke(f.cspace, ram);
        assertEquals(11, gone.size());
        assertEquals(5, gone.stream().filter(d -> d.capability().type().isMapping()).count());
        assertEquals(5, f.core.mdb().size(), "the root, three L2 CNodes and the RAM");
        f.core.checkInvariants();
    }

    @Test
    void deletingAPageTableRemovesTheMappingsInItAndItsOwnMapping()
    {
        buildAddressSpace();
        final List<Deletion> gone = f.core.delete(f.cspace, PTABLE);
        assertEquals(List.of(CapType.VNODE_X86_64_PTABLE, CapType.VNODE_X86_64_PTABLE_MAPPING, CapType.FRAME_MAPPING),
            types(gone));
        assertTrue(f.at(FRAME).isLive());
        assertFalse(f.core.mdb().hasDescendants(f.at(FRAME).capability()));
    }

    @Test
    void aMappedFrameCannotBeSplitUntilUnmapped()
    {
        buildAddressSpace();
        f.fails(ErrorCode.REVOKE_FIRST, () -> f.core.retype(f.cspace, FRAME, 0, CapType.FRAME, 4 * KIB, 1, DEST, 9));
        f.core.delete(f.cspace, CapRef.of(2, 3));
        f.core.retype(f.cspace, FRAME, 0, CapType.FRAME, 4 * KIB, 1, DEST, 9);
        map(PTABLE, FRAME, 4, 0, 4, 3);
        map(PTABLE, dst(9), 0, 0, 1, 5);
    }

    @Test
    void mappingsAreNeverCopiedNorRetyped()
    {
        buildAddressSpace();
        f.fails(ErrorCode.INVALID_SOURCE_TYPE, () -> f.core.copy(f.cspace, CapRef.of(2, 3), DEST, 9));
        f.fails(ErrorCode.INVALID_SOURCE_TYPE,
            () -> f.core.retype(f.cspace, CapRef.of(2, 3), 0, CapType.FRAME, 4 * KIB, 1, DEST, 9));
        f.fails(ErrorCode.RETYPE_MAPPING_EXPLICIT,
            () -> f.core.retype(f.cspace, FRAME, 0, CapType.FRAME_MAPPING, 0, 1, DEST, 9));
    }

    @Test
    void mapChecksItsArguments()
    {
        final CapRights all = CapRights.ALL;
        f.fails(ErrorCode.VNODE_TYPE, () -> f.core.map(f.cspace, FRAME, FRAME, 0, 0, 1, RW, MAPPINGS, 0));
        f.fails(ErrorCode.WRONG_MAPPING, () -> f.core.map(f.cspace, PML4, FRAME, 0, 0, 1, RW, MAPPINGS, 0));
        f.fails(ErrorCode.WRONG_MAPPING, () -> f.core.map(f.cspace, PTABLE, PDIR, 0, 0, 1, RW, MAPPINGS, 0));
        f.fails(ErrorCode.WRONG_MAPPING, () -> f.core.map(f.cspace, PDPT, PTABLE, 0, 0, 1, RW, MAPPINGS, 0));
        f.fails(ErrorCode.WRONG_MAPPING, () -> f.core.map(f.cspace, PTABLE, ram, 0, 0, 1, RW, MAPPINGS, 0));
        f.fails(ErrorCode.VNODE_SLOT_INVALID, () -> f.core.map(f.cspace, PTABLE, FRAME, 512, 0, 1, RW, MAPPINGS, 0));
        f.fails(ErrorCode.VNODE_SLOT_INVALID, () -> f.core.map(f.cspace, PTABLE, FRAME, -1, 0, 1, RW, MAPPINGS, 0));
        f.fails(ErrorCode.VNODE_SLOT_INVALID, () -> f.core.map(f.cspace, PTABLE, FRAME, 0, 0, 0, RW, MAPPINGS, 0));
        f.fails(ErrorCode.VNODE_SLOT_INVALID, () -> f.core.map(f.cspace, PTABLE, FRAME, 511, 0, 2, RW, MAPPINGS, 0));
        f.fails(ErrorCode.VNODE_SLOT_INVALID, () -> f.core.map(f.cspace, PDIR, PTABLE, 0, 0, 2, RW, MAPPINGS, 0));
        f.fails(ErrorCode.FRAME_OFFSET_INVALID, () -> f.core.map(f.cspace, PDIR, PTABLE, 0, 4096, 1, RW, MAPPINGS, 0));
        f.fails(ErrorCode.FRAME_OFFSET_INVALID, () -> f.core.map(f.cspace, PTABLE, FRAME, 0, 2048, 1, RW, MAPPINGS, 0));
        f.fails(ErrorCode.FRAME_OFFSET_INVALID, () -> f.core.map(f.cspace, PTABLE, FRAME, 0, 16 * KIB, 1, RW, MAPPINGS, 0));
        f.fails(ErrorCode.FRAME_OFFSET_INVALID, () -> f.core.map(f.cspace, PTABLE, FRAME, 0, -4096, 1, RW, MAPPINGS, 0));
        f.fails(ErrorCode.FRAME_OFFSET_INVALID, () -> f.core.map(f.cspace, PDIR, LARGE, 0, 4096, 1, RW, MAPPINGS, 0));
        f.fails(ErrorCode.VM_MAP_SIZE, () -> f.core.map(f.cspace, PTABLE, FRAME, 0, 0, 5, RW, MAPPINGS, 0));
        f.fails(ErrorCode.VM_MAP_SIZE, () -> f.core.map(f.cspace, PTABLE, FRAME, 0, 8 * KIB, 3, RW, MAPPINGS, 0));
        f.fails(ErrorCode.VM_MAP_SIZE, () -> f.core.map(f.cspace, PDIR, LARGE, 0, 0, 2, RW, MAPPINGS, 0));
        // A 16 KiB frame does not start on a 2 MiB boundary, so it cannot be a large page.
        f.fails(ErrorCode.FRAME_OFFSET_INVALID, () -> f.core.map(f.cspace, PDIR, FRAME, 0, 0, 1, RW, MAPPINGS, 0));
        f.core.mint(f.cspace, FRAME, DEST, 9, CapRights.READ);
        f.fails(ErrorCode.NO_RIGHTS, () -> f.core.map(f.cspace, PTABLE, dst(9), 0, 0, 1, RW, MAPPINGS, 0));
        f.core.mint(f.cspace, PTABLE, DEST, 10, CapRights.READ);
        f.fails(ErrorCode.NO_RIGHTS, () -> f.core.map(f.cspace, dst(10), FRAME, 0, 0, 1, RW, MAPPINGS, 0));
        f.fails(ErrorCode.CAP_NOT_FOUND, () -> f.core.map(f.cspace, PTABLE, dst(11), 0, 0, 1, RW, MAPPINGS, 0));
        map(PTABLE, FRAME, 0, 0, 1, 0);
        f.core.copy(f.cspace, FRAME, DEST, 22);
        f.fails(ErrorCode.SLOT_IN_USE, () -> f.core.map(f.cspace, PTABLE, dst(22), 1, 0, 1, all, MAPPINGS, 0));
        f.fails(ErrorCode.CNODE_TYPE, () -> f.core.map(f.cspace, PTABLE, dst(22), 1, 0, 1, all, FRAME, 0));
    }
}
