package dev.flotilla.lib.skb;

import java.util.ArrayList;
import java.util.List;

/**
 * A multicast routing tree as monitors use it: a core, and the subtrees it forwards to in send order.
 * It travels in messages as words, pre-order, one word per node: {@code broadcast << 48 | core << 16 | childCount};
 * a subtree is a contiguous run of words, so a node forwards each child its own run unchanged.
 *
 * <p>A {@code broadcast} node reaches its children, which must be leaves, with one message in one shared channel
 * that every child reads (the paper's broadcast, Fig. 6) instead of one message per child; the SKB's broadcast tree
 * is a flat tree whose root is such a node. Protocols without a shared channel send per child, as unicast.
 *
 * @param core      the core at this node.
 * @param children  its subtrees, in send order.
 * @param broadcast true if the children are reached by one message in a shared channel.
 */
public record MulticastTree(int core, List<MulticastTree> children, boolean broadcast)
{
    private static final int MAX_CHILDREN = 0xFFFF;
    private static final long CORE_MASK = 0xFFFF_FFFFL;
    private static final long BROADCAST_BIT = 1L << 48;

    public MulticastTree
    {
        children = List.copyOf(children);
        if (core < 0 || children.size() > MAX_CHILDREN)
        {
            throw new IllegalArgumentException("bad tree node: core " + core + " with " + children.size() + " children");
        }
        if (broadcast && children.stream().anyMatch(child -> !child.children().isEmpty()))
        {
            throw new IllegalArgumentException("a broadcast node's children are leaves: core " + core + " has "
                + children);
        }
    }

    /** A node whose children are reached one message each. */
    public MulticastTree(final int core, final List<MulticastTree> children)
    {
        this(core, children, false);
    }

    /** This tree with its root reaching its children by one shared message (the children must be leaves). */
    public MulticastTree asBroadcast()
    {
        return new MulticastTree(core, children, true);
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
            out.add((int)(word >>> 16 & CORE_MASK));
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
        words[at] = (broadcast ? BROADCAST_BIT : 0) | ((long)core << 16) | children.size();
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
        final long core = word >>> 16 & CORE_MASK;
        if (core > Integer.MAX_VALUE || (word & ~(BROADCAST_BIT | CORE_MASK << 16 | MAX_CHILDREN)) != 0)
        {
            throw new IllegalArgumentException("not a tree node: " + Long.toHexString(word));
        }
        return new MulticastTree((int)core, children, (word & BROADCAST_BIT) != 0);
    }

    /** Prolog-style text, {@code node(0,[node(1,[]),...])}, as the SKB writes it; a broadcast node is {@code broadcast(...)}. */
    @Override
    public String toString()
    {
        final StringBuilder out = new StringBuilder(broadcast ? "broadcast(" : "node(").append(core).append(",[");
        for (int i = 0; i < children.size(); i++)
        {
            out.append(i == 0 ? "" : ",").append(children.get(i));
        }
        return out.append("])").toString();
    }
}
