package dev.flotilla.lib.skb;

import java.util.ArrayList;
import java.util.List;

/**
 * A multicast routing tree as monitors use it: a core, and the subtrees it forwards to in send order.
 * It travels in messages as words, pre-order, one word per node: {@code core << 16 | childCount};
 * a subtree is a contiguous run of words, so a node forwards each child its own run unchanged.
 *
 * @param core     the core at this node.
 * @param children its subtrees, in send order.
 */
public record MulticastTree(int core, List<MulticastTree> children)
{
    private static final int MAX_CHILDREN = 0xFFFF;

    public MulticastTree
    {
        children = List.copyOf(children);
        if (core < 0 || children.size() > MAX_CHILDREN)
        {
            throw new IllegalArgumentException("bad tree node: core " + core + " with " + children.size() + " children");
        }
    }

    /** A flat tree: {@code root} sends to every other core itself (unicast). */
    public static MulticastTree flat(final int root, final int cores)
    {
        final List<MulticastTree> leaves = new ArrayList<>();
        for (int core = 0; core < cores; core++)
        {
            if (core != root)
            {
                leaves.add(new MulticastTree(core, List.of()));
            }
        }
        return new MulticastTree(root, leaves);
    }

    /** Number of nodes, this one included. */
    public int size()
    {
        int size = 1;
        for (final MulticastTree child : children)
        {
            size += child.size();
        }
        return size;
    }

    /** Message levels below this node: 0 for a leaf. */
    public int depth()
    {
        int deepest = 0;
        for (final MulticastTree child : children)
        {
            deepest = Math.max(deepest, 1 + child.depth());
        }
        return deepest;
    }

    /** Every core in the tree, pre-order. */
    public List<Integer> cores()
    {
        final List<Integer> out = new ArrayList<>();
        final long[] words = encode();
        for (final long word : words)
        {
            out.add((int)(word >>> 16));
        }
        return out;
    }

    /** The tree as words, pre-order. */
    public long[] encode()
    {
        final long[] words = new long[size()];
        encodeInto(words, 0);
        return words;
    }

    private int encodeInto(final long[] words, final int at)
    {
        words[at] = ((long)core << 16) | children.size();
        int next = at + 1;
        for (final MulticastTree child : children)
        {
            next = child.encodeInto(words, next);
        }
        return next;
    }

    /**
     * Reads a tree from {@code words[offset..offset+length)}.
     *
     * @throws IllegalArgumentException if the words are not exactly one well-formed tree.
     */
    public static MulticastTree decode(final long[] words, final int offset, final int length)
    {
        final int[] cursor = {offset};
        final MulticastTree tree = decodeAt(words, cursor, offset + length);
        if (cursor[0] != offset + length)
        {
            throw new IllegalArgumentException("tree words hold " + (offset + length - cursor[0]) + " words too many");
        }
        return tree;
    }

    private static MulticastTree decodeAt(final long[] words, final int[] cursor, final int end)
    {
        if (cursor[0] >= end)
        {
            throw new IllegalArgumentException("tree words end inside a node's children");
        }
        final long word = words[cursor[0]++];
        final int count = (int)(word & MAX_CHILDREN);
        final List<MulticastTree> children = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            children.add(decodeAt(words, cursor, end));
        }
        return new MulticastTree((int)(word >>> 16), children);
    }

    /** Prolog-style text, {@code node(0,[node(1,[]),...])}, as the SKB writes it. */
    @Override
    public String toString()
    {
        final StringBuilder out = new StringBuilder("node(").append(core).append(",[");
        for (int i = 0; i < children.size(); i++)
        {
            out.append(i == 0 ? "" : ",").append(children.get(i));
        }
        return out.append("])").toString();
    }
}
