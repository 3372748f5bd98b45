package dev.flotilla.caps.mdb;

/**
 * The AA-tree algorithms (Andersson, "Balanced search trees made simple", 1993) over
 * {@link MdbNode}s, keeping the subtree augmentation exact.
 *
 * <p>A node's level is its black height in red-black terms: a left child is one level down, a right
 * child the same level (a horizontal link) or one down, and never two horizontal links in a row.
 * {@code skew} removes a left horizontal link by a right rotation; {@code split} removes a double
 * right one by a left rotation that raises the middle node. Both preserve the node set of the
 * subtree they rotate, so only the nodes they move need their aggregates recomputed; insertion and
 * deletion recompute the aggregates of every node on their path, whose subtree gained or lost a node.
 */
final class AaTree
{
    private AaTree()
    {
    }

    private static <E extends MdbEntry> MdbNode<E> skew(final MdbNode<E> t)
    {
        if (t == null || t.left == null || t.left.level != t.level)
        {
            return t;
        }
        final MdbNode<E> l = t.left;
        t.left = l.right;
        l.right = t;
        t.update();
        l.update();
        return l;
    }

    private static <E extends MdbEntry> MdbNode<E> split(final MdbNode<E> t)
    {
        if (t == null || t.right == null || t.right.right == null || t.right.right.level != t.level)
        {
            return t;
        }
        final MdbNode<E> r = t.right;
        t.right = r.left;
        r.left = t;
        r.level++;
        t.update();
        r.update();
        return r;
    }

    /** Inserts {@code x}, whose key is {@code key}, into the subtree {@code t}; returns the subtree's new root. */
    static <E extends MdbEntry> MdbNode<E> insert(final MdbNode<E> t, final MdbNode<E> x, final MdbKey key)
    {
        if (t == null)
        {
            return x;
        }
        final int c = key.compareTo(t);
        if (c == 0)
        {
            throw new IllegalArgumentException("entry already present: " + x.entry.capability());
        }
        if (c < 0)
        {
            t.left = insert(t.left, x, key);
        }
        else
        {
            t.right = insert(t.right, x, key);
        }
        t.update();
        return split(skew(t));
    }

    /** Deletes the entry with key {@code key}, which must be present, from {@code node}'s subtree; returns its new root. */
    static <E extends MdbEntry> MdbNode<E> delete(final MdbNode<E> node, final MdbKey key)
    {
        MdbNode<E> t = node;
        final int c = key.compareTo(t);
        if (c < 0)
        {
            t.left = delete(t.left, key);
        }
        else if (c > 0)
        {
            t.right = delete(t.right, key);
        }
        else if (t.left == null && t.right == null)
        {
            return null;
        }
        else if (t.left == null)
        {
            // Level 1 with one right child: pull the successor's entry up into this node.
            final E next = leftmost(t.right).entry;
            t.right = delete(t.right, new MdbKey(next));
            t.hold(next);
        }
        else
        {
            final E previous = rightmost(t.left).entry;
            t.left = delete(t.left, new MdbKey(previous));
            t.hold(previous);
        }
        // The subtree lost a node: refresh this node's aggregates. The rotations below keep each rotated
        // subtree's set of nodes, so they refresh only the nodes they move.
        t.update();
        decreaseLevel(t);
        t = skew(t);
        if (t.right != null)
        {
            t.right = skew(t.right);
            if (t.right.right != null)
            {
                t.right.right = skew(t.right.right);
            }
        }
        t = split(t);
        if (t.right != null)
        {
            t.right = split(t.right);
        }
        return t;
    }

    private static void decreaseLevel(final MdbNode<?> t)
    {
        final int should = Math.min(MdbNode.level(t.left), MdbNode.level(t.right)) + 1;
        if (should < t.level)
        {
            t.level = should;
            if (t.right != null && should < t.right.level)
            {
                t.right.level = should;
            }
        }
    }

    static <E extends MdbEntry> MdbNode<E> leftmost(final MdbNode<E> t)
    {
        MdbNode<E> n = t;
        while (n.left != null)
        {
            n = n.left;
        }
        return n;
    }

    static <E extends MdbEntry> MdbNode<E> rightmost(final MdbNode<E> t)
    {
        MdbNode<E> n = t;
        while (n.right != null)
        {
            n = n.right;
        }
        return n;
    }

    /** Height of the subtree: 0 for none. */
    static int height(final MdbNode<?> n)
    {
        return n == null ? 0 : 1 + Math.max(height(n.left), height(n.right));
    }
}
