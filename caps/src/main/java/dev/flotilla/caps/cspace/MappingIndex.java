package dev.flotilla.caps.cspace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live mapping capabilities of a core, by page table and first entry: which entries of each
 * VNode are in use, and what to remove when a VNode dies.
 *
 * <p>Invariant: holds exactly the live mapping capabilities in the mapping database, and the entry
 * ranges recorded for one VNode are pairwise disjoint.
 */
final class MappingIndex
{
    private final Map<Long, TreeMap<Integer, Cte>> byVNode = new HashMap<>();
    private int size;

    void add(final Cte mapping)
    {
        final var m = mapping.capability().mapping();
        byVNode.computeIfAbsent(m.vnode(), v -> new TreeMap<>()).put(m.firstEntry(), mapping);
        size++;
    }

    void remove(final Cte mapping)
    {
        final var m = mapping.capability().mapping();
        final TreeMap<Integer, Cte> entries = byVNode.get(m.vnode());
        if (entries == null || entries.get(m.firstEntry()) != mapping)
        {
            throw new IllegalStateException("mapping not indexed: " + mapping);
        }
        entries.remove(m.firstEntry());
        if (entries.isEmpty())
        {
            byVNode.remove(m.vnode());
        }
        size--;
    }

    /** A mapping in {@code vnode} using one of the entries {@code [first, first + count)}, or null. */
    Cte overlapping(final long vnode, final int first, final int count)
    {
        final TreeMap<Integer, Cte> entries = byVNode.get(vnode);
        if (entries == null)
        {
            return null;
        }
        final var below = entries.floorEntry(first + count - 1);
        return below != null && below.getValue().capability().mapping().endEntry() > first ? below.getValue() : null;
    }

    /** Every mapping whose entries lie in {@code vnode}, by entry. */
    List<Cte> inVNode(final long vnode)
    {
        final TreeMap<Integer, Cte> entries = byVNode.get(vnode);
        return entries == null ? List.of() : new ArrayList<>(entries.values());
    }

    boolean contains(final Cte mapping)
    {
        final var m = mapping.capability().mapping();
        final TreeMap<Integer, Cte> entries = byVNode.get(m.vnode());
        return entries != null && entries.get(m.firstEntry()) == mapping;
    }

    int size()
    {
        return size;
    }
}
