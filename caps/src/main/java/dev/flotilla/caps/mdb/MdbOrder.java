package dev.flotilla.caps.mdb;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.PageMapping;

/**
 * The total order of the mapping database and the two relations it serves: copy and ancestor
 * (Barrelfish's Hamlet-generated {@code compare_caps}, {@code is_copy}, {@code is_ancestor}).
 *
 * <p>The order is, in turn: type root; base address ascending; size <em>descending</em>; type in
 * declaration order; the type's equality fields; serial. So the copies of a capability sit next to
 * each other, and everything it is an ancestor of follows them directly: an ancestor starts at or
 * before its descendants, and where it starts at the same address it is either larger or, with the
 * same size, of a type declared earlier.
 */
public final class MdbOrder
{
    private MdbOrder()
    {
    }

    /** Compares two entries in database order. */
    public static int compare(final MdbEntry a, final MdbEntry b)
    {
        return compare(a.capability(), a.serial(), b.capability(), b.serial());
    }

    /**
     * Compares two keys in database order; the serial is the final tiebreak, so a probe with serial
     * {@link Long#MIN_VALUE} or {@link Long#MAX_VALUE} sorts before or after every copy of its capability.
     */
    public static int compare(final Capability a, final long serialA, final Capability b, final long serialB)
    {
        int c = Integer.compare(a.type().root().ordinal(), b.type().root().ordinal());
        if (c == 0)
        {
            c = Long.compare(a.base(), b.base());
        }
        if (c == 0)
        {
            c = Long.compare(b.size(), a.size());
        }
        if (c == 0)
        {
            c = Integer.compare(a.type().ordinal(), b.type().ordinal());
        }
        if (c == 0)
        {
            c = compareEqualityFields(a.mapping(), b.mapping());
        }
        return c != 0 ? c : Long.compare(serialA, serialB);
    }

    // Only mapping capabilities have equality fields beyond type and range: where they are mapped.
    static int compareEqualityFields(final PageMapping a, final PageMapping b)
    {
        if (a == null)
        {
            return 0;
        }
        final int c = Long.compare(a.vnode(), b.vnode());
        return c != 0 ? c : Integer.compare(a.firstEntry(), b.firstEntry());
    }

    /**
     * True if {@code a} and {@code b} name the same object: same type and same range (and, for
     * mappings, the same page-table entry). Rights do not matter; a minted copy is still a copy.
     */
    public static boolean isCopy(final Capability a, final Capability b)
    {
        if (a.type() != b.type())
        {
            return false;
        }
        return a.type().isAlwaysCopy()
            || a.base() == b.base() && a.size() == b.size() && compareEqualityFields(a.mapping(), b.mapping()) == 0;
    }

    /** True if {@code outer}'s range contains {@code inner}'s (equal ranges included). */
    public static boolean encloses(final Capability outer, final Capability inner)
    {
        return outer.type().root() == inner.type().root() && outer.type().hasRange()
            && outer.base() <= inner.base() && inner.end() <= outer.end();
    }

    /**
     * True if {@code descendant} was (transitively) retyped or mapped from {@code ancestor}, judged as
     * Barrelfish does from types and ranges alone: the ancestor's type can give rise to the
     * descendant's, and the ancestor's range contains the descendant's — strictly, when the two have
     * the same type, since a same-type object of the same range is a copy.
     *
     * <p>This agrees with the real derivation history because the database never holds two caps
     * whose ranges overlap without nesting, and never nests a cap inside one it cannot descend from
     * (invariants {@link MdbInvariant#RANGES_NESTED} and {@link MdbInvariant#NESTING_IS_ANCESTRY}).
     */
    public static boolean isAncestor(final Capability descendant, final Capability ancestor)
    {
        final CapType d = descendant.type();
        final CapType a = ancestor.type();
        if (!a.isAncestorTypeOf(d) || !encloses(ancestor, descendant))
        {
            return false;
        }
        return d != a || descendant.size() < ancestor.size();
    }
}
