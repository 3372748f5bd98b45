package dev.flotilla.caps.mdb;

/**
 * The invariants {@link MappingDatabase#checkInvariants()} verifies, named as Barrelfish's
 * {@code mdb_check_invariants} names its own.
 */
public enum MdbInvariant
{
    /** A node without children has level 1. */
    LEVEL_LEAF("a leaf has level 1"),
    /** A right child is exactly one level below its parent (the tree leans left). */
    LEVEL_RIGHT("a right child is one level below its parent"),
    /** A left child is at its parent's level or one below. */
    LEVEL_LEFT("a left child is at its parent's level or one below"),
    /** A left grandchild is strictly below its grandparent: no two consecutive horizontal links. */
    LEVEL_LEFT_GRANDCHILD("a left grandchild is below its grandparent"),
    /** Every node above level 1 has two children. */
    LEVEL_TWO_CHILDREN("a node above level 1 has two children"),
    /** An in-order walk visits entries in strictly increasing database order. */
    ORDER("entries are in strictly increasing database order"),
    /** Each node records the largest end address in its subtree. */
    END_IS_MAX("a node's max end is the largest end in its subtree"),
    /** Each node records the smallest end address in its subtree. */
    END_IS_MIN("a node's min end is the smallest end in its subtree"),
    /** Each node caches exactly its entry's sort key. */
    KEY_CACHED("a node's cached key is its entry's"),
    /** The recorded size equals the number of nodes. */
    SIZE("the size equals the number of nodes"),
    /** Two ranges of one type tree are disjoint or one contains the other. */
    RANGES_NESTED("ranges of one type tree are disjoint or nested"),
    /** A capability nested in another's range, and sorted after it, descends from it. */
    NESTING_IS_ANCESTRY("a capability nested inside another descends from it"),
    /** A mapping capability sits directly under a live copy of the object it maps. */
    MAPPING_HAS_OBJECT("a mapping sits under a live copy of the object it maps");

    private final String description;

    MdbInvariant(final String description)
    {
        this.description = description;
    }

    /** What the invariant demands, in words. */
    public String description()
    {
        return description;
    }
}
