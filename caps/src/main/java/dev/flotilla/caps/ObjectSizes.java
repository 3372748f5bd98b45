package dev.flotilla.caps;

/**
 * Object sizes of the x86-64 capability types, as Barrelfish's {@code OBJSIZE_*} constants.
 *
 * <p>They live apart from {@link CapType} because the enum's constants are declared from them, and
 * an enum cannot refer to its own static fields while its constants are being built.
 */
public final class ObjectSizes
{
    /** A base page: the unit of every mappable object and the default retype alignment. */
    public static final long BASE_PAGE = 4096;

    /** An x86-64 large page, mapped by one page-directory entry. */
    public static final long LARGE_PAGE = 2L << 20;

    /** An x86-64 huge page, mapped by one page-directory-pointer-table entry. */
    public static final long HUGE_PAGE = 1L << 30;

    /** One capability table entry (Barrelfish {@code OBJBITS_CTE} = 6). */
    public static final long CTE = 64;

    /** Slots in an L2 CNode: the low 8 bits of a capability address. */
    public static final int L2_CNODE_SLOTS = 256;

    /** An L2 CNode: exactly 256 slots. Also the unit in which an L1 CNode grows. */
    public static final long L2_CNODE = L2_CNODE_SLOTS * CTE;

    /** Most slots an L1 CNode may have: the high 24 bits of a capability address. */
    public static final int L1_CNODE_MAX_SLOTS = 1 << 24;

    /** Largest L1 CNode in bytes. */
    public static final long L1_CNODE_MAX = L1_CNODE_MAX_SLOTS * CTE;

    /** A dispatcher control block (Barrelfish {@code OBJBITS_DISPATCHER} = 10). */
    public static final long DISPATCHER = 1024;

    /** An x86-64 page table of any level. */
    public static final long VNODE = 4096;

    /** Entries in an x86-64 page table of any level. */
    public static final int VNODE_ENTRIES = 512;

    private ObjectSizes()
    {
    }
}
