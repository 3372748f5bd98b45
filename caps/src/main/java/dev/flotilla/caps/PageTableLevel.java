package dev.flotilla.caps;

/**
 * The geometry of one level of the x86-64 page-table tree, as a VNode type declares it.
 *
 * <p>Every level has {@link ObjectSizes#VNODE_ENTRIES} entries. An entry either points to a table of
 * the next level down ({@code child}) or, where the hardware allows it ({@code mapsPages}), maps a
 * page of {@code entrySpan} bytes directly: 4 KiB in a page table, 2 MiB in a page directory,
 * 1 GiB in a PDPT.
 *
 * @param entrySpan bytes of virtual address space one entry covers.
 * @param child     the VNode type an entry may point to, or null for the last level.
 * @param mapsPages whether an entry may map a frame directly, as a page of {@code entrySpan} bytes.
 */
public record PageTableLevel(long entrySpan, CapType child, boolean mapsPages)
{
    /** Entries in a table of any level. */
    public int entries()
    {
        return ObjectSizes.VNODE_ENTRIES;
    }
}
