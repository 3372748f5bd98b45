package dev.flotilla.caps.mdb;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The mapping database of one core: every capability the core holds, in {@link MdbOrder}, in an AA
 * tree augmented as an interval tree. See the package documentation for the design.
 *
 * <p>Single-threaded, like the CPU driver that owns it. Point operations cost O(log n); range
 * queries O(log n) for one answer and O((k + 1) log n) for k answers.
 *
 * @param <E> the entries stored; each is a capability plus a serial unique in this database.
 */
public final class MappingDatabase<E extends MdbEntry>
{
    private MdbNode<E> root;
    private int size;

    /** Number of entries. */
    public int size()
    {
        return size;
    }

    /** True if no entry is stored. */
    public boolean isEmpty()
    {
        return size == 0;
    }

    /**
     * Adds an entry.
     *
     * @throws IllegalArgumentException if an entry with the same key (capability and serial) is present.
     */
    public void insert(final E entry)
    {
        final MdbNode<E> node = new MdbNode<>(entry);
        root = AaTree.insert(root, node, new MdbKey(entry));
        size++;
    }

    /**
     * Removes an entry.
     *
     * @return false, changing nothing, if the entry was not present.
     */
    public boolean remove(final E entry)
    {
        final MdbKey key = new MdbKey(entry);
        if (find(key) == null)
        {
            return false;
        }
        root = AaTree.delete(root, key);
        size--;
        return true;
    }

    /** True if this very entry (same key) is stored. */
    public boolean contains(final E entry)
    {
        return find(new MdbKey(entry)) == entry;
    }

    private E find(final MdbKey key)
    {
        MdbNode<E> n = root;
        while (n != null)
        {
            final int c = key.compareTo(n);
            if (c == 0)
            {
                return n.entry;
            }
            n = c < 0 ? n.left : n.right;
        }
        return null;
    }

    // ---- Ordered neighbours ----

    /** The least entry sorting after the key {@code (capability, serial)}, or null. The key need not be stored. */
    public E higher(final Capability capability, final long serial)
    {
        final MdbKey key = new MdbKey(capability, serial);
        E best = null;
        MdbNode<E> n = root;
        while (n != null)
        {
            if (key.compareTo(n) < 0)
            {
                best = n.entry;
                n = n.left;
            }
            else
            {
                n = n.right;
            }
        }
        return best;
    }

    /** The greatest entry sorting before the key {@code (capability, serial)}, or null. */
    public E lower(final Capability capability, final long serial)
    {
        final MdbKey key = new MdbKey(capability, serial);
        E best = null;
        MdbNode<E> n = root;
        while (n != null)
        {
            if (key.compareTo(n) > 0)
            {
                best = n.entry;
                n = n.right;
            }
            else
            {
                n = n.left;
            }
        }
        return best;
    }

    /** The entry after {@code entry} in database order, or null. */
    public E successor(final MdbEntry entry)
    {
        return higher(entry.capability(), entry.serial());
    }

    /** The entry before {@code entry} in database order, or null. */
    public E predecessor(final MdbEntry entry)
    {
        return lower(entry.capability(), entry.serial());
    }

    /** Visits every entry in database order. */
    public void forEach(final Consumer<? super E> action)
    {
        forEach(root, action);
    }

    private static <E extends MdbEntry> void forEach(final MdbNode<E> n, final Consumer<? super E> action)
    {
        if (n != null)
        {
            forEach(n.left, action);
            action.accept(n.entry);
            forEach(n.right, action);
        }
    }

    /** Every entry in database order. */
    public List<E> toList()
    {
        final List<E> out = new ArrayList<>(size);
        forEach(out::add);
        return out;
    }

    // ---- Relations (copies sit together; descendants follow them) ----

    /** True if another entry is a copy of {@code entry}'s capability. Works for an entry just removed, too. */
    public boolean hasCopies(final MdbEntry entry)
    {
        // One descent finds both neighbours: where the path passes the entry's own node, they are the
        // extremes of its two subtrees.
        final MdbKey key = new MdbKey(entry);
        E before = null;
        E after = null;
        MdbNode<E> n = root;
        while (n != null)
        {
            final int c = key.compareTo(n);
            if (c == 0)
            {
                before = n.left == null ? before : AaTree.rightmost(n.left).entry;
                after = n.right == null ? after : AaTree.leftmost(n.right).entry;
                break;
            }
            if (c < 0)
            {
                after = n.entry;
                n = n.left;
            }
            else
            {
                before = n.entry;
                n = n.right;
            }
        }
        final Capability cap = entry.capability();
        return before != null && MdbOrder.isCopy(before.capability(), cap)
            || after != null && MdbOrder.isCopy(after.capability(), cap);
    }

    /** True if some entry descends from {@code capability}: the first entry past all its copies does. */
    public boolean hasDescendants(final Capability capability)
    {
        final E next = higher(capability, Long.MAX_VALUE);
        return next != null && MdbOrder.isAncestor(next.capability(), capability);
    }

    /**
     * True if some entry is an ancestor of {@code capability}: some entry sorting before all its
     * copies encloses its range. (That entry is an ancestor, or a mapping of one; see
     * {@link MdbInvariant#NESTING_IS_ANCESTRY}.)
     */
    public boolean hasAncestors(final Capability capability)
    {
        if (!capability.type().hasRange())
        {
            return false;
        }
        final RangeSearch search = new RangeSearch(atOrAfterRoot(capability.type().root()),
            e -> MdbOrder.compare(e.capability(), e.serial(), capability, Long.MIN_VALUE) < 0,
            RangeSearch.EndTest.AT_LEAST, capability.end());
        return search.last(root, false, false) != null;
    }

    /**
     * Every copy of {@code target} other than itself, then every descendant, in database order
     * around it: what a revoke deletes. Costs O((k + 1) log n).
     */
    public List<E> copiesAndDescendants(final MdbEntry target)
    {
        final Capability cap = target.capability();
        final List<E> out = new ArrayList<>();
        for (E e = predecessor(target); e != null && MdbOrder.isCopy(e.capability(), cap); e = predecessor(e))
        {
            out.add(e);
        }
        for (E e = successor(target); e != null; e = successor(e))
        {
            final Capability c = e.capability();
            if (!MdbOrder.isCopy(c, cap) && !MdbOrder.isAncestor(c, cap))
            {
                break;
            }
            out.add(e);
        }
        return out;
    }

    // ---- Range queries over one type tree; a range is [base, base + size) ----

    /** Some entry whose range overlaps {@code [base, base + size)}, or null. O(log n). */
    public E anyOverlapping(final CapType root, final long base, final long size)
    {
        return overlapSearch(root, base, size).first(this.root, false, false);
    }

    /** Every entry whose range overlaps {@code [base, base + size)}, in database order. */
    public List<E> overlapping(final CapType root, final long base, final long size)
    {
        final List<E> out = new ArrayList<>();
        overlapSearch(root, base, size).all(this.root, false, false, out);
        return out;
    }

    private static RangeSearch overlapSearch(final CapType root, final long base, final long size)
    {
        final long end = checkRange(root, base, size);
        return new RangeSearch(atOrAfterRoot(root), baseBelow(root, end), RangeSearch.EndTest.ABOVE, base);
    }

    /** Every entry whose range contains {@code [base, base + size)}, outermost first. */
    public List<E> containing(final CapType root, final long base, final long size)
    {
        final List<E> out = new ArrayList<>();
        containSearch(root, base, size).all(this.root, false, false, out);
        return out;
    }

    /** The last entry in database order (in a nested database, the innermost) whose range contains the range, or null. O(log n). */
    public E innermostContaining(final CapType root, final long base, final long size)
    {
        return containSearch(root, base, size).last(this.root, false, false);
    }

    private static RangeSearch containSearch(final CapType root, final long base, final long size)
    {
        final long end = checkRange(root, base, size);
        return new RangeSearch(atOrAfterRoot(root), baseAtMost(root, base), RangeSearch.EndTest.AT_LEAST, end);
    }

    /** Every entry whose range lies inside {@code [base, base + size)}, in database order. */
    public List<E> inside(final CapType root, final long base, final long size)
    {
        final List<E> out = new ArrayList<>();
        insideSearch(root, base, size).all(this.root, false, false, out);
        return out;
    }

    /** Some entry whose range lies inside the range, or null. O(log n). */
    public E anyInside(final CapType root, final long base, final long size)
    {
        return insideSearch(root, base, size).first(this.root, false, false);
    }

    private static RangeSearch insideSearch(final CapType root, final long base, final long size)
    {
        final long end = checkRange(root, base, size);
        final int r = root.ordinal();
        return new RangeSearch(e -> rootOf(e) > r || rootOf(e) == r && e.capability().base() >= base,
            baseBelow(root, end), RangeSearch.EndTest.AT_MOST, end);
    }

    /**
     * The first entry sorting after every copy of {@code source} whose range overlaps
     * {@code [base, base + size)}, or null. For a range inside the source's, such an entry is a
     * descendant of the source: this is retype's "revoke first" test. O(log n).
     */
    public E descendantOverlapping(final Capability source, final long base, final long size)
    {
        final CapType root = source.type().root();
        final long end = checkRange(root, base, size);
        final RangeSearch search = new RangeSearch(
            e -> MdbOrder.compare(e.capability(), e.serial(), source, Long.MAX_VALUE) > 0,
            baseBelow(root, end), RangeSearch.EndTest.ABOVE, base);
        return search.first(this.root, false, false);
    }

    private static long checkRange(final CapType root, final long base, final long size)
    {
        if (root.root() != root || !root.hasRange())
        {
            throw new IllegalArgumentException(root + " is not the root of a type tree of ranges");
        }
        if (base < 0 || size < 0 || base > Long.MAX_VALUE - size)
        {
            throw new IllegalArgumentException("bad range: base " + base + " size " + size);
        }
        return base + size;
    }

    private static int rootOf(final MdbEntry e)
    {
        return e.capability().type().root().ordinal();
    }

    private static Predicate<MdbEntry> atOrAfterRoot(final CapType root)
    {
        final int r = root.ordinal();
        return e -> rootOf(e) >= r;
    }

    private static Predicate<MdbEntry> baseBelow(final CapType root, final long limit)
    {
        final int r = root.ordinal();
        return e -> rootOf(e) < r || rootOf(e) == r && e.capability().base() < limit;
    }

    private static Predicate<MdbEntry> baseAtMost(final CapType root, final long limit)
    {
        final int r = root.ordinal();
        return e -> rootOf(e) < r || rootOf(e) == r && e.capability().base() <= limit;
    }

    /** Height of the tree (0 when empty); AA trees keep it at most 2 log2(n + 1). For tests. */
    int height()
    {
        return AaTree.height(root);
    }

    // ---- Invariants ----

    /**
     * Checks every invariant: the tree's ({@link #checkStructure()}) and the nesting of ranges that
     * the capability rules keep ({@link MdbInvariant#RANGES_NESTED} and after). O(n × nesting depth).
     *
     * @throws MdbInvariantViolation naming the first invariant found broken.
     */
    public void checkInvariants()
    {
        checkStructure();
        MdbChecker.checkNesting(toList());
    }

    /**
     * Checks the tree alone: AA levels, order, augmentation and size. Holds for any set of entries,
     * nested or not. O(n).
     *
     * @throws MdbInvariantViolation naming the first invariant found broken.
     */
    public void checkStructure()
    {
        final int counted = MdbChecker.checkTree(root);
        if (counted != size)
        {
            throw new MdbInvariantViolation(MdbInvariant.SIZE, "size " + size + " but " + counted + " nodes");
        }
    }
}
