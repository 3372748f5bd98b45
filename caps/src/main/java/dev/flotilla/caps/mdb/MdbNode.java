package dev.flotilla.caps.mdb;

/**
 * A node of the mapping database's AA tree, augmented with the largest and smallest end address in
 * its subtree so that range queries can skip whole subtrees.
 *
 * <p>Invariant after every public database operation: {@code maxEnd} and {@code minEnd} are exact
 * over the subtree, and {@code level} obeys Andersson's rules ({@link MdbInvariant}). The key fields
 * are always those of {@code entry} ({@link MdbKey}): set together by {@link #hold}.
 */
final class MdbNode<E extends MdbEntry>
{
    /** Not final: deleting an inner node moves its in-order neighbour's entry into it. */
    E entry;
    // The entry's sort key (see MdbKey), so a descent reads only nodes.
    int root;
    long base;
    long size;
    int type;
    long serial;
    MdbNode<E> left;
    MdbNode<E> right;
    int level = 1;
    long maxEnd;
    long minEnd;

    MdbNode(final E entry)
    {
        hold(entry);
        update();
    }

    /** Makes this node hold {@code e}, with its key. */
    void hold(final E e)
    {
        entry = e;
        final var capability = e.capability();
        root = capability.type().root().ordinal();
        base = capability.base();
        size = capability.size();
        type = capability.type().ordinal();
        serial = e.serial();
    }

    static long end(final MdbEntry entry)
    {
        return entry.capability().end();
    }

    static int level(final MdbNode<?> node)
    {
        return node == null ? 0 : node.level;
    }

    /** Recomputes the augmentation from this node's entry and its children's (already exact) values. */
    void update()
    {
        long max = end(entry);
        long min = max;
        if (left != null)
        {
            max = Math.max(max, left.maxEnd);
            min = Math.min(min, left.minEnd);
        }
        if (right != null)
        {
            max = Math.max(max, right.maxEnd);
            min = Math.min(min, right.minEnd);
        }
        maxEnd = max;
        minEnd = min;
    }
}
