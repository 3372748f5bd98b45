package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.PageMapping;
import dev.flotilla.caps.PageTableLevel;

/**
 * Map: record that a frame, device frame or page table is installed in entries of a page table, by
 * creating a mapping capability under it (Barrelfish {@code vnode_map}).
 *
 * <p>The capability layer decides whether the mapping is allowed and owns the record; the kernel
 * writes the page-table entries after {@link #invoke()} returns, and clears them when the mapping
 * capability is reported deleted — which happens when it is deleted itself (unmap), when its
 * object's last copy goes, when its object is revoked from above, or when the page table holding
 * the entries dies.
 *
 * <p>Checks, in order: the page table is a VNode ({@code VNODE_TYPE}) the caller may write
 * ({@code NO_RIGHTS}); the source is a child table of the next level, or a frame where this level
 * maps pages ({@code WRONG_MAPPING}); this capability is not mapped already — a capability maps at most
 * once, as in Barrelfish, so a frame mapped twice or a table installed in two entries takes a copy
 * ({@code VM_ALREADY_MAPPED}); the access rights are a subset of the source's
 * ({@code NO_RIGHTS}); the entries lie inside the table, one for a table ({@code VNODE_SLOT_INVALID});
 * the offset is page-aligned inside the frame, 0 for a table ({@code FRAME_OFFSET_INVALID}); the
 * pages end inside the frame ({@code VM_MAP_SIZE}); no entry is in use ({@code VNODE_SLOT_INUSE});
 * the slot for the mapping capability is writable and empty.
 */
public final class VNodeMap
{
    private final CoreCapabilities core;
    private final long generation;
    private final Cte source;
    private final Capability mapping;
    private final CNode destination;
    private final int destSlot;

    private VNodeMap(final CoreCapabilities core, final Cte source, final Capability mapping, final CNode destination,
        final int destSlot)
    {
        this.core = core;
        this.generation = core.generation();
        this.source = source;
        this.mapping = mapping;
        this.destination = destination;
        this.destSlot = destSlot;
    }

    /**
     * Checks a map without changing anything.
     *
     * @param firstEntry the first page-table entry to use.
     * @param offset     bytes into the source where the first page starts; 0 for a page table.
     * @param pteCount   how many entries (pages) to map; 1 for a page table.
     * @param access     the rights the mapping grants (read, write, execute): a subset of the source's.
     * @throws CapabilityException naming the first bad argument.
     */
    public static VNodeMap decode(final CoreCapabilities core, final CSpace cspace, final CapRef vnodeRef,
        final CapRef sourceRef, final int firstEntry, final long offset, final int pteCount, final CapRights access,
        final CapRef mappingCNode, final int mappingSlot)
    {
        final Cte vnode = cspace.lookup(vnodeRef, "vnode");
        final CapType tableType = vnode.capability().type();
        if (!tableType.isVNode())
        {
            throw new CapabilityException(ErrorCode.VNODE_TYPE, "vnode: " + vnodeRef + " holds " + tableType);
        }
        Checks.requireRight(vnode, CapRights.WRITE, "vnode");
        final PageTableLevel level = tableType.pageTable();

        final Cte sourceCte = cspace.lookup(sourceRef, "source");
        final Capability source = sourceCte.capability();
        final boolean childTable = source.type().isVNode();
        if (childTable ? level.child() != source.type() : !(source.type().isMappable() && level.mapsPages()))
        {
            throw new CapabilityException(ErrorCode.WRONG_MAPPING, "source: " + source.type() + " cannot be mapped into " + tableType);
        }
        if (sourceCte.isMapped())
        {
            throw new CapabilityException(ErrorCode.VM_ALREADY_MAPPED, "source: " + source
                + " is mapped already through this capability; map a copy of it");
        }
        if (!access.isSubsetOf(source.rights()))
        {
            throw new CapabilityException(ErrorCode.NO_RIGHTS,
                "access: " + access + " exceeds the source's rights " + source.rights());
        }
        if (firstEntry < 0 || pteCount < 1 || (long)firstEntry + pteCount > level.entries() || childTable && pteCount != 1)
        {
            throw new CapabilityException(ErrorCode.VNODE_SLOT_INVALID, "entries: [" + firstEntry + ", +" + pteCount
                + ") in a table of " + level.entries() + (childTable ? ", and a page table takes exactly one" : ""));
        }
        checkPages(source, childTable ? source.size() : level.entrySpan(), offset, pteCount, childTable);
        final Cte used = core.mappings().overlapping(vnode.capability().base(), firstEntry, pteCount);
        if (used != null)
        {
            throw new CapabilityException(ErrorCode.VNODE_SLOT_INUSE, "entries: [" + firstEntry + ", +" + pteCount
                + ") meet " + used.capability());
        }
        final CNode destination = Checks.writableCNode(cspace, mappingCNode, "mappingCNode");
        Checks.requireEmptySlots(destination, mappingSlot, 1, "mappingSlot");
        final Capability mapping = new Capability(source.type().mappingType(), access, source.base(), source.size(),
            new PageMapping(vnode.capability().base(), firstEntry, pteCount, offset));
        return new VNodeMap(core, sourceCte, mapping, destination, mappingSlot);
    }

    private static void checkPages(final Capability source, final long pageSize, final long offset, final int pteCount,
        final boolean childTable)
    {
        if (childTable ? offset != 0 : offset < 0 || offset >= source.size() || (source.base() + offset) % pageSize != 0)
        {
            throw new CapabilityException(ErrorCode.FRAME_OFFSET_INVALID, "offset: " + offset + " must "
                + (childTable ? "be 0 for a page table" : "start a " + pageSize + "-byte page inside the source"));
        }
        if (pteCount > (source.size() - offset) / pageSize)
        {
            throw new CapabilityException(ErrorCode.VM_MAP_SIZE, "pteCount: " + pteCount + " pages of " + pageSize
                + " from offset " + offset + " pass the end of the source's " + source.size() + " bytes");
        }
    }

    /** Creates the mapping capability; returns its entry. The kernel writes the page-table entries next. */
    public Cte invoke()
    {
        core.beginInvoke(generation);
        final Cte cte = core.newCte(mapping, null, core.coreId());
        core.install(cte, destination, destSlot);
        source.mappedAs(cte);
        return cte;
    }
}
