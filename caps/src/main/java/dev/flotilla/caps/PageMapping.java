package dev.flotilla.caps;

/**
 * Where a mapping capability's object is mapped: which page table, which of its entries, and which
 * part of the object (Barrelfish's mapping-cap fields {@code ptable}, {@code entry},
 * {@code pte_count}, {@code offset}).
 *
 * @param vnode       physical base address of the page table holding the entries; it names the
 *                    VNode, because no two live page tables share a base.
 * @param firstEntry  the first entry used, in {@code [0, 512)}.
 * @param pteCount    how many consecutive entries are used, at least 1.
 * @param frameOffset byte offset into the mapped object of the first page.
 */
public record PageMapping(long vnode, int firstEntry, int pteCount, long frameOffset)
{
    /** @throws IllegalArgumentException if the entries do not fit one page table or a field is negative. */
    public PageMapping
    {
        if (vnode < 0 || frameOffset < 0 || firstEntry < 0 || pteCount < 1
            || firstEntry + (long)pteCount > ObjectSizes.VNODE_ENTRIES)
        {
            throw new IllegalArgumentException("bad page mapping: vnode 0x" + Long.toHexString(vnode)
                + " entries [" + firstEntry + ", +" + pteCount + ") offset " + frameOffset);
        }
    }

    /** One past the last entry used. */
    public int endEntry()
    {
        return firstEntry + pteCount;
    }
}
