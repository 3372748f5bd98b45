package dev.flotilla.caps;

import static dev.flotilla.caps.ObjectSizes.BASE_PAGE;
import static dev.flotilla.caps.ObjectSizes.HUGE_PAGE;
import static dev.flotilla.caps.ObjectSizes.L1_CNODE_MAX;
import static dev.flotilla.caps.ObjectSizes.LARGE_PAGE;
import static dev.flotilla.caps.ObjectSizes.VNODE;

import java.util.List;

/**
 * The capability types and, declared once here, every property the rules depend on: what each type
 * is retyped from, what object sizes it admits, whether it can be mapped, and which types it can be
 * an ancestor of. This is Flotilla's counterpart of Barrelfish's Hamlet file {@code caps.hl}.
 *
 * <p><b>Declaration order is meaningful.</b> Every type is declared after the types it is retyped
 * from (checked when the class initialises), so the ordinal is a topological order of the derivation
 * graph. The mapping database uses it as the "type" component of its order: when an ancestor and a
 * descendant name exactly the same range (RAM retyped whole into a Frame), the ancestor sorts first.
 *
 * <p>Every type except {@link #KERNEL} descends from {@link #PHYS_ADDR}, so they share one address
 * space, the physical one: its {@linkplain #root() type root}.
 */
public enum CapType
{
    /** A range of physical addresses; the root of the memory tree, made at boot. */
    PHYS_ADDR(SizeRule.multipleOf(BASE_PAGE), Traits.FROM_SELF),
    /** Untyped RAM, from which every kernel object is made. */
    RAM(SizeRule.multipleOf(BASE_PAGE), Traits.FROM_SELF, PHYS_ADDR),
    /** RAM that can be mapped into an address space. */
    FRAME(SizeRule.multipleOf(BASE_PAGE), Traits.FROM_SELF | Traits.MAPPABLE, RAM),
    /** Device registers (MMIO): mappable, but not RAM. */
    DEV_FRAME(SizeRule.multipleOf(BASE_PAGE), Traits.FROM_SELF | Traits.MAPPABLE, PHYS_ADDR),
    /** A root CNode: a growable table of slots whose entries hold L2 CNodes. */
    L1_CNODE(SizeRule.multipleOf(ObjectSizes.L2_CNODE, L1_CNODE_MAX), Traits.CNODE, RAM),
    /** A leaf CNode of exactly 256 slots. */
    L2_CNODE(SizeRule.fixed(ObjectSizes.L2_CNODE), Traits.CNODE, RAM),
    /** An x86-64 page table: 512 entries each mapping a 4 KiB page. */
    VNODE_X86_64_PTABLE(new PageTableLevel(BASE_PAGE, null, true), Traits.MAPPABLE, RAM),
    /** An x86-64 page directory: entries point to page tables or map 2 MiB pages. */
    VNODE_X86_64_PDIR(new PageTableLevel(LARGE_PAGE, VNODE_X86_64_PTABLE, true), Traits.MAPPABLE, RAM),
    /** An x86-64 page-directory-pointer table: entries point to directories or map 1 GiB pages. */
    VNODE_X86_64_PDPT(new PageTableLevel(HUGE_PAGE, VNODE_X86_64_PDIR, true), Traits.MAPPABLE, RAM),
    /** An x86-64 PML4, the root of an address space: entries point to PDPTs. */
    VNODE_X86_64_PML4(new PageTableLevel(512 * HUGE_PAGE, VNODE_X86_64_PDPT, false), 0, RAM),
    /** A dispatcher control block; retyped any number of times into endpoints. */
    DISPATCHER(SizeRule.fixed(ObjectSizes.DISPATCHER), Traits.RETYPE_MULTIPLE, RAM),
    /** A local message endpoint; its listener is the dispatcher it was retyped from, whose range it takes. */
    END_POINT(SizeRule.inherited(), 0, DISPATCHER),
    /** Records a frame mapped into a page table: made only by mapping, it dies with the frame. */
    FRAME_MAPPING(SizeRule.inherited(), Traits.MAPPING, FRAME),
    /** Records a device frame mapped into a page table. */
    DEV_FRAME_MAPPING(SizeRule.inherited(), Traits.MAPPING, DEV_FRAME),
    /** Records a page table installed in a page directory. */
    VNODE_X86_64_PTABLE_MAPPING(SizeRule.inherited(), Traits.MAPPING, VNODE_X86_64_PTABLE),
    /** Records a page directory installed in a PDPT. */
    VNODE_X86_64_PDIR_MAPPING(SizeRule.inherited(), Traits.MAPPING, VNODE_X86_64_PDIR),
    /** Records a PDPT installed in a PML4. */
    VNODE_X86_64_PDPT_MAPPING(SizeRule.inherited(), Traits.MAPPING, VNODE_X86_64_PDPT),
    /** The monitor's authority over its CPU driver; every Kernel capability is a copy of every other. */
    KERNEL(SizeRule.none(), Traits.ALWAYS_COPY);

    /** Bit flags for the constructor; a holder class because enum constants cannot use the enum's statics. */
    private static final class Traits
    {
        static final int FROM_SELF = 1;
        static final int MAPPABLE = 1 << 1;
        static final int MAPPING = 1 << 2;
        static final int CNODE = 1 << 3;
        static final int VNODE = 1 << 4;
        static final int RETYPE_MULTIPLE = 1 << 5;
        static final int ALWAYS_COPY = 1 << 6;
    }

    private final SizeRule objectSize;
    private final int traits;
    private final List<CapType> sources;
    private final PageTableLevel pageTable;

    // Derived from the declarations once, in the static initialiser below; never written afterwards.
    private CapType root;
    private long descendantTypes;
    private CapType mappingType;

    CapType(final SizeRule objectSize, final int traits, final CapType... sources)
    {
        this.objectSize = objectSize;
        this.traits = traits;
        this.sources = List.of(sources);
        this.pageTable = null;
    }

    CapType(final PageTableLevel pageTable, final int traits, final CapType source)
    {
        this.objectSize = SizeRule.fixed(VNODE);
        this.traits = traits | Traits.VNODE;
        this.sources = List.of(source);
        this.pageTable = pageTable;
    }

    static
    {
        final CapType[] all = values();
        if (all.length > Long.SIZE)
        {
            throw new IllegalStateException("descendant sets are 64-bit masks");
        }
        for (final CapType t : all)
        {
            for (final CapType s : t.sources)
            {
                if (s.ordinal() >= t.ordinal())
                {
                    throw new IllegalStateException(t + " is declared before its source " + s);
                }
            }
            t.root = t.sources.isEmpty() ? t : t.sources.get(0).root;
            for (final CapType s : t.sources)
            {
                if (s.root != t.root)
                {
                    throw new IllegalStateException(t + " has sources in two type trees");
                }
            }
            if (t.is(Traits.MAPPING))
            {
                t.sources.get(0).mappingType = t;
            }
        }
        // Reverse declaration order visits every type after all the types made from it.
        for (int i = all.length - 1; i >= 0; i--)
        {
            final CapType t = all[i];
            long mask = t.is(Traits.FROM_SELF) ? 1L << i : 0;
            for (final CapType d : all)
            {
                if (d.sources.contains(t))
                {
                    mask |= 1L << d.ordinal() | d.descendantTypes;
                }
            }
            t.descendantTypes = mask;
            if (t.is(Traits.MAPPABLE) && t.mappingType == null)
            {
                throw new IllegalStateException(t + " is mappable but has no mapping type");
            }
        }
    }

    private boolean is(final int trait)
    {
        return (traits & trait) != 0;
    }

    /** The sizes a retype into this type may ask for. */
    public SizeRule objectSize()
    {
        return objectSize;
    }

    /**
     * The alignment a retype offset into this type must have: a base page, or the object size when
     * that is smaller (a dispatcher is 1 KiB). Types that inherit their range take offset 0 only.
     */
    public long offsetAlignment()
    {
        return objectSize.kind() == SizeRule.Kind.FIXED ? Math.min(BASE_PAGE, objectSize.unit()) : BASE_PAGE;
    }

    /** The types this type is retyped from (Hamlet {@code from}), not counting itself. */
    public List<CapType> sources()
    {
        return sources;
    }

    /** True if a capability of this type may be retyped into smaller objects of the same type (Hamlet {@code from_self}). */
    public boolean isFromSelf()
    {
        return is(Traits.FROM_SELF);
    }

    /** The root of this type's derivation tree: {@link #PHYS_ADDR} for all memory, else the type itself. */
    public CapType root()
    {
        return root;
    }

    /** True if one retype step may turn a capability of this type into {@code target} (Hamlet {@code is_well_founded}). */
    public boolean canRetypeTo(final CapType target)
    {
        return target == this ? isFromSelf() : target.sources.contains(this);
    }

    /** True if retype can make something from a capability of this type (mappings do not count: they are made by mapping). */
    public boolean isRetypeSource()
    {
        for (final CapType t : values())
        {
            if (!t.isMapping() && canRetypeTo(t))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * True if a capability of type {@code type} may descend from one of this type through one or more
     * retypes or maps. Includes this type itself when it is {@linkplain #isFromSelf() from self}.
     */
    public boolean isAncestorTypeOf(final CapType type)
    {
        return (descendantTypes & (1L << type.ordinal())) != 0;
    }

    /** True if a capability of this type can be mapped into a page table. */
    public boolean isMappable()
    {
        return is(Traits.MAPPABLE);
    }

    /** True for the types that record a mapping; only a map operation makes them. */
    public boolean isMapping()
    {
        return is(Traits.MAPPING);
    }

    /** The mapping type that records this type mapped into a page table. */
    public CapType mappingType()
    {
        if (mappingType == null)
        {
            throw new IllegalStateException(this + " is not mappable");
        }
        return mappingType;
    }

    /** For a mapping type, the type whose mappings it records. */
    public CapType mappedType()
    {
        if (!isMapping())
        {
            throw new IllegalStateException(this + " is not a mapping type");
        }
        return sources.get(0);
    }

    /** True for L1 and L2 CNodes. */
    public boolean isCNode()
    {
        return is(Traits.CNODE);
    }

    /** True for page tables of every level. */
    public boolean isVNode()
    {
        return is(Traits.VNODE);
    }

    /** For a VNode type, the geometry of its level. */
    public PageTableLevel pageTable()
    {
        if (pageTable == null)
        {
            throw new IllegalStateException(this + " is not a VNode type");
        }
        return pageTable;
    }

    /** True if the source may be retyped again over a range that has descendants (Hamlet {@code can_retype_multiple}). */
    public boolean canRetypeMultiple()
    {
        return is(Traits.RETYPE_MULTIPLE);
    }

    /** True if any two capabilities of this type are copies of each other (Hamlet {@code is_always_copy}). */
    public boolean isAlwaysCopy()
    {
        return is(Traits.ALWAYS_COPY);
    }

    /**
     * True if a capability of this type may be copied to another core (Barrelfish's moveable types,
     * {@code distcap_is_moveable}, without the UMP endpoint): the memory types, whose object is a range
     * of physical addresses that every core can name. The others stand for state of one core — a CNode's
     * table, a dispatcher, a page table, a mapping recorded in one, the Kernel capability — and stay there.
     */
    public boolean crossesCores()
    {
        return this == PHYS_ADDR || this == RAM || this == FRAME || this == DEV_FRAME;
    }

    /**
     * True if the ownership of an object of this type may move to another core that holds a copy when its owner
     * deletes its last one (distributed delete). Memory may; a device frame may not — it belongs with the core
     * whose driver claimed the device, so when that core lets it go every copy goes.
     */
    public boolean ownershipMoves()
    {
        return crossesCores() && this != DEV_FRAME;
    }

    /** True if capabilities of this type name a range of physical memory. */
    public boolean hasRange()
    {
        return objectSize.kind() != SizeRule.Kind.NONE;
    }
}
