package dev.flotilla.caps.mdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.PageMapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/**
 * The tree against brute force: structure after random insertions and removals, and every query on
 * thousands of random databases — arbitrary ranges that need not nest, copies, zero-size queries,
 * capabilities of another type tree — checked against a sorted list and a linear scan.
 */
final class MappingDatabaseTest
{
    private static final long PAGE = 4096;
    private static final CapType[] TYPES = {
        CapType.PHYS_ADDR, CapType.RAM, CapType.FRAME, CapType.DEV_FRAME, CapType.L2_CNODE, CapType.DISPATCHER,
        CapType.END_POINT, CapType.VNODE_X86_64_PTABLE, CapType.FRAME_MAPPING, CapType.KERNEL,
    };

    /** A random database: {@code size} entries from {@code seed}, a third of them removed again. */
    private record Scenario(long seed, int size)
    {
        List<TestEntry> entries(final SplittableRandom random)
        {
            final List<TestEntry> all = new ArrayList<>();
            for (int i = 0; i < size; i++)
            {
                final Capability cap = random.nextInt(6) == 0 && !all.isEmpty()
                    ? all.get(random.nextInt(all.size())).capability().withRights(new CapRights(random.nextInt(32)))
                    : randomCapability(random);
                all.add(new TestEntry(cap, random.nextLong()));
            }
            return all;
        }
    }

    static Capability randomCapability(final SplittableRandom random)
    {
        final CapType type = TYPES[random.nextInt(TYPES.length)];
        if (!type.hasRange())
        {
            return Capability.of(type, CapRights.ALL, 0, 0);
        }
        final long base = random.nextInt(64) * PAGE;
        final long size = (1 + random.nextInt(random.nextBoolean() ? 4 : 24)) * PAGE;
        final PageMapping mapping = type.isMapping()
            ? new PageMapping(random.nextInt(4) * PAGE, random.nextInt(8), 1, 0) : null;
        return new Capability(type, CapRights.ALL, base, size, mapping);
    }

    private static final Comparator<MdbEntry> ORDER = MdbOrder::compare;

    @Test
    void queriesAgreeWithBruteForceOnThousandsOfRandomDatabases()
    {
        qt().withFixedSeed(0xDB5EEDL).withExamples(3000)
            .forAll(longs().all(), integers().between(0, 90))
            .checkAssert((seed, size) -> check(new Scenario(seed, size)));
    }

    private static void check(final Scenario scenario)
    {
        final SplittableRandom random = new SplittableRandom(scenario.seed());
        final List<TestEntry> all = scenario.entries(random);
        final MappingDatabase<TestEntry> mdb = new MappingDatabase<>();
        final List<TestEntry> present = new ArrayList<>();
        for (final TestEntry e : all)
        {
            mdb.insert(e);
            present.add(e);
            if (random.nextInt(3) == 0)
            {
                final TestEntry gone = present.remove(random.nextInt(present.size()));
                assertTrue(mdb.remove(gone));
                assertFalse(mdb.remove(gone));
            }
        }
        mdb.checkStructure();
        present.sort(ORDER);
        assertEquals(present, mdb.toList());
        assertEquals(present.size(), mdb.size());
        for (int q = 0; q < 25; q++)
        {
            final long base = random.nextInt(70) * PAGE + (random.nextInt(4) == 0 ? random.nextInt((int)PAGE) : 0);
            final long size = random.nextInt(5) == 0 ? 0 : (1 + random.nextInt(20)) * PAGE;
            checkRanges(mdb, present, base, size);
            if (!present.isEmpty())
            {
                checkRelations(mdb, present, present.get(random.nextInt(present.size())), base, size);
            }
            final Capability probe = randomCapability(random);
            final long serial = random.nextLong();
            assertEquals(first(present, e -> MdbOrder.compare(e.capability(), e.serial(), probe, serial) > 0),
                mdb.higher(probe, serial));
            assertEquals(last(present, e -> MdbOrder.compare(e.capability(), e.serial(), probe, serial) < 0),
                mdb.lower(probe, serial));
        }
    }

    private static void checkRanges(final MappingDatabase<TestEntry> mdb, final List<TestEntry> present,
        final long base, final long size)
    {
        final long end = base + size;
        final CapType root = CapType.PHYS_ADDR;
        final List<TestEntry> overlapping = filter(present, e -> isMemory(e) && start(e) < end && end(e) > base);
        assertEquals(overlapping, mdb.overlapping(root, base, size));
        final TestEntry any = mdb.anyOverlapping(root, base, size);
        assertEquals(overlapping.isEmpty() ? null : overlapping.get(0), any);

        final List<TestEntry> containing = filter(present, e -> isMemory(e) && start(e) <= base && end(e) >= end);
        assertEquals(containing, mdb.containing(root, base, size));
        assertEquals(containing.isEmpty() ? null : containing.get(containing.size() - 1),
            mdb.innermostContaining(root, base, size));

        final List<TestEntry> inside = filter(present, e -> isMemory(e) && start(e) >= base && end(e) <= end);
        assertEquals(inside, mdb.inside(root, base, size));
        assertEquals(inside.isEmpty() ? null : inside.get(0), mdb.anyInside(root, base, size));
    }

    private static void checkRelations(final MappingDatabase<TestEntry> mdb, final List<TestEntry> present,
        final TestEntry target, final long base, final long size)
    {
        final Capability t = target.capability();
        if (t.type().hasRange())
        {
            final long end = base + size;
            assertEquals(first(present, e -> MdbOrder.compare(e.capability(), e.serial(), t, Long.MAX_VALUE) > 0
                    && isMemory(e) && start(e) < end && end(e) > base),
                mdb.descendantOverlapping(t, base, size));
            assertEquals(present.stream().anyMatch(e -> MdbOrder.compare(e.capability(), e.serial(), t, Long.MIN_VALUE) < 0
                    && isMemory(e) && start(e) <= t.base() && end(e) >= t.end()),
                mdb.hasAncestors(t));
        }
        final int at = present.indexOf(target);
        final boolean copyBefore = at > 0 && MdbOrder.isCopy(present.get(at - 1).capability(), t);
        final boolean copyAfter = at + 1 < present.size() && MdbOrder.isCopy(present.get(at + 1).capability(), t);
        assertEquals(copyBefore || copyAfter, mdb.hasCopies(target));
        final List<TestEntry> relatives = new ArrayList<>();
        for (int i = at - 1; i >= 0 && MdbOrder.isCopy(present.get(i).capability(), t); i--)
        {
            relatives.add(present.get(i));
        }
        for (int i = at + 1; i < present.size(); i++)
        {
            final Capability c = present.get(i).capability();
            if (!MdbOrder.isCopy(c, t) && !MdbOrder.isAncestor(c, t))
            {
                break;
            }
            relatives.add(present.get(i));
        }
        assertEquals(relatives, mdb.copiesAndDescendants(target));
        final TestEntry afterCopies = first(present, e -> MdbOrder.compare(e.capability(), e.serial(), t, Long.MAX_VALUE) > 0);
        assertEquals(afterCopies != null && MdbOrder.isAncestor(afterCopies.capability(), t), mdb.hasDescendants(t));
    }

    private static boolean isMemory(final MdbEntry e)
    {
        return e.capability().type().root() == CapType.PHYS_ADDR;
    }

    private static long start(final MdbEntry e)
    {
        return e.capability().base();
    }

    private static long end(final MdbEntry e)
    {
        return e.capability().end();
    }

    private static List<TestEntry> filter(final List<TestEntry> list, final Predicate<TestEntry> p)
    {
        return list.stream().filter(p).toList();
    }

    private static TestEntry first(final List<TestEntry> list, final Predicate<TestEntry> p)
    {
        return list.stream().filter(p).findFirst().orElse(null);
    }

    private static TestEntry last(final List<TestEntry> list, final Predicate<TestEntry> p)
    {
        return list.stream().filter(p).reduce((a, b) -> b).orElse(null);
    }

    @Test
    void longRandomInsertRemoveSequencesKeepTheTreeBalancedAndExact()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final MappingDatabase<TestEntry> mdb = new MappingDatabase<>();
        final List<TestEntry> present = new ArrayList<>();
        for (int step = 0; step < 60_000; step++)
        {
            if (present.isEmpty() || random.nextInt(100) < 55)
            {
                final TestEntry e = new TestEntry(randomCapability(random), step);
                mdb.insert(e);
                present.add(e);
            }
            else
            {
                final int i = random.nextInt(present.size());
                final TestEntry gone = present.get(i);
                present.set(i, present.get(present.size() - 1));
                present.remove(present.size() - 1);
                assertTrue(mdb.remove(gone));
            }
            if (step % 1000 == 0)
            {
                mdb.checkStructure();
                final int n = mdb.size();
                assertTrue(mdb.height() <= 2 * (32 - Integer.numberOfLeadingZeros(n + 1)),
                    "height " + mdb.height() + " for " + n + " entries");
            }
        }
        mdb.checkStructure();
        present.sort(ORDER);
        assertEquals(present, mdb.toList());
    }

    @Test
    void sequentialInsertionStaysLogarithmic()
    {
        final MappingDatabase<TestEntry> mdb = new MappingDatabase<>();
        for (int i = 0; i < 1 << 16; i++)
        {
            mdb.insert(new TestEntry(Capability.of(CapType.FRAME, CapRights.ALL, i * PAGE, PAGE), i));
        }
        mdb.checkInvariants();
        assertTrue(mdb.height() <= 2 * 17, "height " + mdb.height());
        for (int i = 0; i < 1 << 16; i += 2)
        {
            mdb.remove(new TestEntry(Capability.of(CapType.FRAME, CapRights.ALL, i * PAGE, PAGE), i));
        }
        mdb.checkInvariants();
        assertTrue(mdb.height() <= 2 * 16, "height " + mdb.height());
    }

    @Test
    void duplicatesAndMissingEntriesAreRejectedWithoutChange()
    {
        final MappingDatabase<TestEntry> mdb = new MappingDatabase<>();
        final TestEntry e = new TestEntry(Capability.of(CapType.RAM, CapRights.ALL, 0, PAGE), 1);
        mdb.insert(e);
        assertThrows(IllegalArgumentException.class, () -> mdb.insert(new TestEntry(e.capability(), 1)));
        assertFalse(mdb.remove(new TestEntry(e.capability(), 2)));
        assertEquals(1, mdb.size());
        assertTrue(mdb.contains(e));
        assertThrows(IllegalArgumentException.class, () -> mdb.overlapping(CapType.RAM, 0, PAGE));
        assertThrows(IllegalArgumentException.class, () -> mdb.overlapping(CapType.PHYS_ADDR, -1, PAGE));
        assertNull(mdb.anyOverlapping(CapType.PHYS_ADDR, PAGE, PAGE));
    }
}
