package dev.flotilla.caps.mdb;

/**
 * The AA-tree algorithms (Andersson, "Balanced search trees made simple", 1993) over
 * {@link MdbNode}s, mirrored so that horizontal links lean <em>left</em>, keeping the subtree
 * augmentation exact.
 *
 * <p>A node's level is its black height in red-black terms: a right child is one level down, a left
 * child the same level (a horizontal link) or one down, and never two horizontal links in a row.
 * {@code skew} removes a right horizontal link by a left rotation; {@code split} removes a double
 * left one by a right rotation that raises the middle node. Both preserve the node set of the subtree
 * they rotate, so only the nodes they move need their aggregates recomputed; insertion and deletion
 * recompute the aggregates of every node on their path, whose subtree gained or lost a node.
 *
 * <p><b>Why left.</b> Capabilities mostly arrive in ascending order — retype carves objects at rising
 * addresses, and every new entry takes the next serial — so the newest entries, the ones operations
 * touch most, sit at the right edge of the order. Andersson's tree leans right and keeps its horizontal
 * links there, making that edge its longest path (about 1.45 log2 n deep after a million ascending
 * insertions, against 1.3 log2 n after a thousand); leaning left, the right edge has no horizontal
 * links and is about log2 n deep.
 */
final class AaTree
{
    private AaTree()
    {
    }

    private static <E extends MdbEntry> MdbNode<E> skew(final MdbNode<E> t)
    {
        if (t == null || t.right == null || t.right.level != t.level)
        {
            return t;
        }
        final MdbNode<E> r = t.right;
        t.right = r.left;
        r.left = t;
        t.update();
        r.update();
        return r;
    }

    private static <E extends MdbEntry> MdbNode<E> split(final MdbNode<E> t)
    {
        if (t == null || t.left == null || t.left.left == null || t.left.left.level != t.level)
        {
            return t;
        }
        final MdbNode<E> l = t.left;
        t.left = l.right;
        l.right = t;
        l.level++;
        t.update();
        l.update();
        return l;
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
        else if (t.right == null)
        {
            // Level 1 with one left child: pull the predecessor's entry up into this node.
            final E previous = rightmost(t.left).entry;
            t.left = delete(t.left, new MdbKey(previous));
            t.hold(previous);
        }
        else
        {
            final E next = leftmost(t.right).entry;
            t.right = delete(t.right, new MdbKey(next));
            t.hold(next);
        }
        // The subtree lost a node: refresh this node's aggregates. The rotations below keep each rotated
        // subtree's set of nodes, so they refresh only the nodes they move.
        t.update();
        decreaseLevel(t);
        t = skew(t);
        if (t.left != null)
        {
            t.left = skew(t.left);
            if (t.left.left != null)
            {
                t.left.left = skew(t.left.left);
            }
        }
        t = split(t);
        if (t.left != null)
        {
            t.left = split(t.left);
        }
        return t;
    }

    private static void decreaseLevel(final MdbNode<?> t)
    {
        final int should = Math.min(MdbNode.level(t.left), MdbNode.level(t.right)) + 1;
        if (should < t.level)
        {
            t.level = should;
            if (t.left != null && should < t.left.level)
            {
                t.left.level = should;
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
