package dev.flotilla.caps.mdb;

import java.util.List;
import java.util.function.Predicate;

/**
 * One range query over the tree: a contiguous window of the database order, and a test on each
 * entry's end address that the subtree augmentation answers exactly.
 *
 * <p><b>Why it is logarithmic.</b> The window is given by two monotone predicates: {@code low} is
 * false and then true along the order, {@code high} true and then false. A subtree lying wholly
 * inside the window is judged by its aggregate alone (the aggregate is exact there), so the search
 * enters such a subtree only if it holds an answer, and then walks one path down to it. Subtrees
 * straddling a window edge lie along the two root-to-edge paths, of which there are O(log n) nodes.
 * Finding one answer therefore costs O(log n); listing k answers costs O((k + 1) log n), since every
 * node visited inside the window lies on a path to an answer.
 */
final class RangeSearch
{
    /** The per-entry test, on the entry's end address, and its exact subtree form. */
    enum EndTest
    {
        /** end &gt; bound; a subtree may hold one if its max end does. */
        ABOVE,
        /** end &ge; bound. */
        AT_LEAST,
        /** end &le; bound; a subtree may hold one if its min end does. */
        AT_MOST;

        boolean entry(final long end, final long bound)
        {
            return switch (this)
            {
                case ABOVE -> end > bound;
                case AT_LEAST -> end >= bound;
                case AT_MOST -> end <= bound;
            };
        }

        boolean subtree(final MdbNode<?> node, final long bound)
        {
            return switch (this)
            {
                case ABOVE -> node.maxEnd > bound;
                case AT_LEAST -> node.maxEnd >= bound;
                case AT_MOST -> node.minEnd <= bound;
            };
        }
    }

    private final Predicate<MdbEntry> low;
    private final Predicate<MdbEntry> high;
    private final EndTest test;
    private final long bound;

    RangeSearch(final Predicate<MdbEntry> low, final Predicate<MdbEntry> high, final EndTest test, final long bound)
    {
        this.low = low;
        this.high = high;
        this.test = test;
        this.bound = bound;
    }

    private boolean matches(final MdbEntry entry)
    {
        return test.entry(MdbNode.end(entry), bound);
    }

    /** The first answer in database order, or null. */
    <E extends MdbEntry> E first(final MdbNode<E> node, final boolean allLow, final boolean allHigh)
    {
        if (node == null || !test.subtree(node, bound))
        {
            return null;
        }
        if (!(allLow || low.test(node.entry)))
        {
            return first(node.right, false, allHigh);
        }
        if (!(allHigh || high.test(node.entry)))
        {
            return first(node.left, allLow, false);
        }
        final E inLeft = first(node.left, allLow, true);
        if (inLeft != null)
        {
            return inLeft;
        }
        return matches(node.entry) ? node.entry : first(node.right, true, allHigh);
    }

    /** The last answer in database order, or null. */
    <E extends MdbEntry> E last(final MdbNode<E> node, final boolean allLow, final boolean allHigh)
    {
        if (node == null || !test.subtree(node, bound))
        {
            return null;
        }
        if (!(allLow || low.test(node.entry)))
        {
            return last(node.right, false, allHigh);
        }
        if (!(allHigh || high.test(node.entry)))
        {
            return last(node.left, allLow, false);
        }
        final E inRight = last(node.right, true, allHigh);
        if (inRight != null)
        {
            return inRight;
        }
        return matches(node.entry) ? node.entry : last(node.left, allLow, true);
    }

    /** Appends every answer to {@code out}, in database order. */
    <E extends MdbEntry> void all(final MdbNode<E> node, final boolean allLow, final boolean allHigh, final List<E> out)
    {
        if (node == null || !test.subtree(node, bound))
        {
            return;
        }
        if (!(allLow || low.test(node.entry)))
        {
            all(node.right, false, allHigh, out);
            return;
        }
        if (!(allHigh || high.test(node.entry)))
        {
            all(node.left, allLow, false, out);
            return;
        }
        all(node.left, allLow, true, out);
        if (matches(node.entry))
        {
            out.add(node.entry);
        }
        all(node.right, true, allHigh, out);
    }
}
