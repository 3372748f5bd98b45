package dev.flotilla.caps.mdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.PageMapping;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The order and relations of {@link MdbOrder}, and the nesting invariants the checker enforces. */
final class MdbInvariantTest
{
    private static final long K = 1024;

    private static Capability cap(final CapType type, final long base, final long size)
    {
        return Capability.of(type, CapRights.ALL, base, size);
    }

    private static MappingDatabase<TestEntry> database(final Capability... caps)
    {
        final MappingDatabase<TestEntry> mdb = new MappingDatabase<>();
        long serial = 0;
        for (final Capability c : caps)
        {
            mdb.insert(new TestEntry(c, serial++));
        }
        return mdb;
    }

    @Test
    void ancestorsSortBeforeDescendantsAndCopiesSitTogether()
    {
        final Capability phys = cap(CapType.PHYS_ADDR, 0, 64 * K);
        final Capability ram = cap(CapType.RAM, 0, 64 * K);
        final Capability frame = cap(CapType.FRAME, 0, 16 * K);
        final Capability small = cap(CapType.FRAME, 0, 4 * K);
        final Capability next = cap(CapType.FRAME, 16 * K, 4 * K);
        final MappingDatabase<TestEntry> mdb = database(next, small, frame.withRights(CapRights.READ), ram, frame, phys);
        final List<CapType> types = mdb.toList().stream().map(e -> e.capability().type()).toList();
        assertEquals(List.of(CapType.PHYS_ADDR, CapType.RAM, CapType.FRAME, CapType.FRAME, CapType.FRAME, CapType.FRAME), types);
        assertEquals(List.of(16 * K, 16 * K, 4 * K, 4 * K),
            mdb.toList().subList(2, 6).stream().map(e -> e.capability().size()).toList());
        mdb.checkInvariants();

        assertTrue(MdbOrder.isAncestor(frame, ram));
        assertTrue(MdbOrder.isAncestor(small, phys));
        assertTrue(MdbOrder.isAncestor(small, frame));
        assertFalse(MdbOrder.isAncestor(frame, frame));
        assertFalse(MdbOrder.isAncestor(ram, frame));
        assertFalse(MdbOrder.isAncestor(next, small));
        assertTrue(MdbOrder.isCopy(frame, frame.withRights(CapRights.NONE)));
        assertFalse(MdbOrder.isCopy(frame, small));
        assertTrue(MdbOrder.isCopy(cap(CapType.KERNEL, 0, 0), cap(CapType.KERNEL, 0, 0)));
    }

    @Test
    void theWholeSameTypeRangeIsACopyButAnotherTypeOfTheSameRangeIsADescendant()
    {
        final Capability ram = cap(CapType.RAM, 0, 4 * K);
        assertTrue(MdbOrder.isCopy(ram, cap(CapType.RAM, 0, 4 * K)));
        assertTrue(MdbOrder.isAncestor(cap(CapType.FRAME, 0, 4 * K), ram));
        assertTrue(MdbOrder.isAncestor(cap(CapType.DISPATCHER, 0, K), ram));
        assertFalse(MdbOrder.isAncestor(cap(CapType.DEV_FRAME, 0, 4 * K), ram));
    }

    @Test
    void aMappingDescendsFromItsObjectButEnclosesNothing()
    {
        final Capability frame = cap(CapType.FRAME, 0, 8 * K);
        final Capability mapping = new Capability(CapType.FRAME_MAPPING, CapRights.READ, 0, 8 * K,
            new PageMapping(64 * K, 3, 2, 0));
        final Capability subFrame = cap(CapType.FRAME, 0, 4 * K);
        assertTrue(MdbOrder.isAncestor(mapping, frame));
        assertFalse(MdbOrder.isAncestor(subFrame, mapping));
        final MappingDatabase<TestEntry> mdb = database(frame, mapping, subFrame);
        mdb.checkInvariants();
        assertEquals(List.of(mapping, subFrame), mdb.copiesAndDescendants(mdb.toList().get(0)).stream()
            .map(TestEntry::capability).toList());
    }

    @Test
    void partlyOverlappingRangesBreakNesting()
    {
        final MappingDatabase<TestEntry> mdb = database(cap(CapType.RAM, 0, 8 * K), cap(CapType.RAM, 4 * K, 8 * K));
        mdb.checkStructure();
        final MdbInvariantViolation v = assertThrows(MdbInvariantViolation.class, mdb::checkInvariants);
        assertEquals(MdbInvariant.RANGES_NESTED, v.invariant());
    }

    @Test
    void aRangeNestedInOneItCannotDescendFromBreaksAncestry()
    {
        final MappingDatabase<TestEntry> mdb = database(cap(CapType.FRAME, 0, 8 * K), cap(CapType.DISPATCHER, 0, K));
        final MdbInvariantViolation v = assertThrows(MdbInvariantViolation.class, mdb::checkInvariants);
        assertEquals(MdbInvariant.NESTING_IS_ANCESTRY, v.invariant());
    }

    @Test
    void aMappingWithoutItsObjectIsReported()
    {
        final Capability orphan = new Capability(CapType.FRAME_MAPPING, CapRights.READ, 0, 8 * K,
            new PageMapping(64 * K, 0, 1, 0));
        final MappingDatabase<TestEntry> mdb = database(cap(CapType.RAM, 0, 16 * K), orphan);
        final MdbInvariantViolation v = assertThrows(MdbInvariantViolation.class, mdb::checkInvariants);
        assertEquals(MdbInvariant.MAPPING_HAS_OBJECT, v.invariant());
    }

    @Test
    void aCachedKeyComparesExactlyAsTheOrder()
    {
        final List<Capability> caps = List.of(cap(CapType.PHYS_ADDR, 0, 64 * K), cap(CapType.RAM, 0, 64 * K),
            cap(CapType.RAM, 0, 32 * K), cap(CapType.FRAME, 0, 64 * K), cap(CapType.FRAME, 4 * K, 4 * K),
            cap(CapType.KERNEL, 0, 0), cap(CapType.L2_CNODE, 16 * K, 16 * K),
            new Capability(CapType.FRAME_MAPPING, CapRights.READ, 0, 64 * K, new PageMapping(64 * K, 3, 2, 0)),
            new Capability(CapType.FRAME_MAPPING, CapRights.READ, 0, 64 * K, new PageMapping(64 * K, 5, 1, 0)),
            new Capability(CapType.FRAME_MAPPING, CapRights.READ, 0, 64 * K, new PageMapping(8 * K, 9, 1, 0)));
        for (final Capability a : caps)
        {
            for (final Capability b : caps)
            {
                for (long serial = 0; serial < 3; serial++)
                {
                    final MdbNode<TestEntry> node = new MdbNode<>(new TestEntry(b, 1));
                    assertEquals(Integer.signum(MdbOrder.compare(a, serial, b, 1)),
                        Integer.signum(new MdbKey(a, serial).compareTo(node)), a + " #" + serial + " vs " + b);
                }
            }
        }
    }
}
