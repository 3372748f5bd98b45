package dev.flotilla.lib.vm;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;

/**
 * The user-level shadow of one page table (Barrelfish's pmap {@code struct vnode}): which VNode
 * capability it is, how it hangs in its parent, and what each of its 512 entries holds — a child
 * {@code PageTable}, a {@link PageRun} of mapped pages, or nothing.
 *
 * <p>The shadow is the domain's own data; the kernel's mapping capabilities are the authority it mirrors.
 * A run whose mapping the kernel has deleted stays here until the pmap meets it, but leads to no memory:
 * its window is closed.
 */
final class PageTable
{
    private final CapType type;
    private final CapRef vnode;
    private final CapRef mapping;
    private final int shift;
    private final Object[] entries = new Object[ObjectSizes.VNODE_ENTRIES];

    /**
     * @param type    the VNode type, which fixes the level.
     * @param vnode   the VNode capability's slot.
     * @param mapping the slot of the capability recording it in its parent; null for the root.
     */
    PageTable(final CapType type, final CapRef vnode, final CapRef mapping)
    {
        this.type = type;
        this.vnode = vnode;
        this.mapping = mapping;
        this.shift = Long.numberOfTrailingZeros(type.pageTable().entrySpan());
    }

    CapType type()
    {
        return type;
    }

    CapRef vnode()
    {
        return vnode;
    }

    CapRef mapping()
    {
        return mapping;
    }

    /** Bytes of virtual address space one entry covers. */
    long entrySpan()
    {
        return type.pageTable().entrySpan();
    }

    /** The entry of this table that translates {@code address}. */
    int indexOf(final long address)
    {
        return (int)(address >>> shift) & (ObjectSizes.VNODE_ENTRIES - 1);
    }

    Object entry(final int index)
    {
        return entries[index];
    }

    void set(final int index, final Object entry)
    {
        entries[index] = entry;
    }
}
