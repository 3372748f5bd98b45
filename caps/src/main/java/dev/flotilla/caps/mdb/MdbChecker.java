package dev.flotilla.caps.mdb;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Verifies the {@link MdbInvariant}s; used by tests and by debugging kernels, never on a hot path. */
final class MdbChecker
{
    private MdbChecker()
    {
    }

    /** Checks levels, order and augmentation of the subtree; returns its node count. */
    static int checkTree(final MdbNode<?> root)
    {
        final int count = checkNode(root);
        MdbEntry previous = null;
        for (final MdbEntry e : inOrder(root, new ArrayList<>()))
        {
            if (previous != null && MdbOrder.compare(previous, e) >= 0)
            {
                throw new MdbInvariantViolation(MdbInvariant.ORDER, previous.capability() + " before " + e.capability());
            }
            previous = e;
        }
        return count;
    }

    private static List<MdbEntry> inOrder(final MdbNode<?> n, final List<MdbEntry> out)
    {
        if (n != null)
        {
            inOrder(n.left, out);
            out.add(n.entry);
            inOrder(n.right, out);
        }
        return out;
    }

    private static int checkNode(final MdbNode<?> n)
    {
        if (n == null)
        {
            return 0;
        }
        final String at = n.entry.capability().toString();
        if (n.left == null && n.right == null && n.level != 1)
        {
            throw new MdbInvariantViolation(MdbInvariant.LEVEL_LEAF, at);
        }
        if (n.level > 1 && (n.left == null || n.right == null))
        {
            throw new MdbInvariantViolation(MdbInvariant.LEVEL_TWO_CHILDREN, at);
        }
        if (n.right != null && n.right.level != n.level - 1)
        {
            throw new MdbInvariantViolation(MdbInvariant.LEVEL_RIGHT, at);
        }
        if (n.left != null && n.left.level != n.level && n.left.level != n.level - 1)
        {
            throw new MdbInvariantViolation(MdbInvariant.LEVEL_LEFT, at);
        }
        if (n.left != null && n.left.left != null && n.left.left.level >= n.level)
        {
            throw new MdbInvariantViolation(MdbInvariant.LEVEL_LEFT_GRANDCHILD, at);
        }
        final MdbKey key = new MdbKey(n.entry);
        if (key.root != n.root || key.base != n.base || key.size != n.size || key.type != n.type
            || key.serial != n.serial)
        {
            throw new MdbInvariantViolation(MdbInvariant.KEY_CACHED, at);
        }
        final int count = 1 + checkNode(n.left) + checkNode(n.right);
        long max = MdbNode.end(n.entry);
        long min = max;
        for (final MdbNode<?> child : new MdbNode<?>[] {n.left, n.right})
        {
            if (child != null)
            {
                max = Math.max(max, child.maxEnd);
                min = Math.min(min, child.minEnd);
            }
        }
        if (n.maxEnd != max)
        {
            throw new MdbInvariantViolation(MdbInvariant.END_IS_MAX, at);
        }
        if (n.minEnd != min)
        {
            throw new MdbInvariantViolation(MdbInvariant.END_IS_MIN, at);
        }
        return count;
    }

    /**
     * Walks the entries in order keeping the chain of ranges that enclose the current one. Because
     * an encloser sorts before what it encloses, the chain is a stack: pop what ended before the
     * current range starts; what remains must enclose it.
     */
    static void checkNesting(final List<? extends MdbEntry> ordered)
    {
        final Deque<Capability> enclosing = new ArrayDeque<>();
        CapType root = null;
        for (final MdbEntry e : ordered)
        {
            final Capability c = e.capability();
            if (!c.type().hasRange())
            {
                continue;
            }
            if (c.type().root() != root)
            {
                enclosing.clear();
                root = c.type().root();
            }
            while (!enclosing.isEmpty() && enclosing.peek().end() <= c.base())
            {
                enclosing.pop();
            }
            if (!enclosing.isEmpty() && c.end() > enclosing.peek().end())
            {
                throw new MdbInvariantViolation(MdbInvariant.RANGES_NESTED, c + " overlaps " + enclosing.peek());
            }
            // Mappings are never pushed, and a run of copies is pushed once, so the first non-copy
            // on the stack is the innermost other object enclosing c.
            Capability parent = null;
            for (final Capability p : enclosing)
            {
                if (!MdbOrder.isCopy(p, c))
                {
                    parent = p;
                    break;
                }
            }
            if (c.type().isMapping())
            {
                if (parent == null || parent.type() != c.type().mappedType()
                    || parent.base() != c.base() || parent.size() != c.size())
                {
                    throw new MdbInvariantViolation(MdbInvariant.MAPPING_HAS_OBJECT, c.toString());
                }
                continue;
            }
            if (parent != null && !MdbOrder.isAncestor(c, parent))
            {
                throw new MdbInvariantViolation(MdbInvariant.NESTING_IS_ANCESTRY, c + " inside " + parent);
            }
            if (enclosing.isEmpty() || !MdbOrder.isCopy(enclosing.peek(), c))
            {
                enclosing.push(c);
            }
        }
    }
}
