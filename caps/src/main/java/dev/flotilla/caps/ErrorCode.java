package dev.flotilla.caps;

/**
 * Every error Flotilla reports: one vocabulary for the whole system, in the manner of Barrelfish's
 * {@code errors/errno.fugu}.
 *
 * <p>Codes keep Barrelfish's names where the concept matches (without the {@code SYS_ERR_} prefix),
 * so a reader of the Barrelfish sources recognises them. Each code carries a fixed human message;
 * what varies from one failure to the next — which argument was bad and why — travels in the
 * {@link FlotillaException#detail() detail} of the exception that carries the code. The shell prints
 * {@link #name()}.
 *
 * <p>The codes are grouped by subsystem. Add new groups at the end of the enum; never reuse a name
 * for a different meaning.
 */
public enum ErrorCode
{
    // ---- Capability addressing: resolving a capref in a CSpace ----

    /** The capref itself is malformed: an unknown level, or an index outside the address format. */
    INVALID_CAPREF("malformed capability reference"),
    /** The L1 index lies beyond the slots of the root CNode. */
    L1_CNODE_INDEX("L1 index beyond the root CNode"),
    /** A capability used as a CNode is not one, or not of the kind the operation needs. */
    CNODE_TYPE("capability is not a CNode of the required kind"),
    /** The slot named by the capref is empty. */
    CAP_NOT_FOUND("capability not found (empty slot)"),
    /** A destination slot already holds a capability. */
    SLOT_IN_USE("destination slot is in use"),
    /** A destination slot range does not lie inside its CNode. */
    SLOTS_INVALID("destination slots lie outside the CNode"),
    /** A capability lacks a right that the operation requires. */
    NO_RIGHTS("capability lacks the rights the operation requires"),

    // ---- Retype and creation ----

    /** The source's type cannot be retyped into the requested type. */
    INVALID_SOURCE_TYPE("source capability type cannot be retyped into the requested type"),
    /** Mapping capabilities are made only by mapping a frame or page table, never by retype. */
    RETYPE_MAPPING_EXPLICIT("mapping capabilities are created only by a map operation"),
    /** The offset is misaligned or does not lie inside the source. */
    RETYPE_INVALID_OFFSET("retype offset is misaligned or outside the source"),
    /** The object size does not obey the rule of the requested type. */
    INVALID_SIZE("invalid object size for the requested type"),
    /** The object count is zero or more objects than the source can hold. */
    RETYPE_INVALID_COUNT("invalid object count for retype"),
    /** The requested range overlaps an existing descendant of the source. */
    REVOKE_FIRST("range overlaps existing descendants: revoke first"),
    /** A physical base address is misaligned for the type or outside the address space. */
    INVALID_ADDRESS("invalid physical address for the type"),
    /** A capability created from nothing would overlap memory that capabilities already name. */
    RANGE_IN_USE("physical range is already named by a capability"),

    // ---- Page tables (VNodes) and mappings ----

    /** The capability used as a page table is not a VNode. */
    VNODE_TYPE("capability is not a page table (VNode)"),
    /** The source cannot be mapped into a page table of this level. */
    WRONG_MAPPING("capability cannot be mapped into this kind of page table"),
    /** The entry range lies outside the page table. */
    VNODE_SLOT_INVALID("page-table entry range is invalid"),
    /** One of the page-table entries already holds a mapping. */
    VNODE_SLOT_INUSE("page-table entry already holds a mapping"),
    /** The offset into the frame is misaligned or outside the frame. */
    FRAME_OFFSET_INVALID("frame offset is misaligned or outside the frame"),
    /** The mapping would extend past the end of the frame. */
    VM_MAP_SIZE("mapping extends past the end of the frame"),

    // ---- Services, binding and spawning (monitor and dispatcher runtime) ----

    /** No service is exported under the name a client asked to bind to. */
    SERVICE_NOT_FOUND("no service is exported under that name"),
    /** Another service was already exported under the name. */
    SERVICE_EXISTS("a service is already exported under that name"),
    /** The boot image has no program of the requested name. */
    PROGRAM_NOT_FOUND("the boot image has no such program"),
    /** The core number names no core of this system. */
    INVALID_CORE("no such core"),

    // ---- System Knowledge Base ----

    /** The SKB could not answer: a syntax error, an unknown predicate, a spent budget (the detail says). */
    SKB_QUERY_FAILED("the System Knowledge Base could not answer the query"),
    /** The SKB service is not running, so the request could not be served. */
    SKB_UNAVAILABLE("the System Knowledge Base is not running"),

    // ---- Memory: a domain's allocators, page tables (pmap) and accesses through them ----

    /** A slot allocator has no free capability slot left and no RAM to grow by. */
    SLOT_ALLOC_NO_SPACE("no free capability slot left"),
    /** No RAM capability the allocator holds has room for the request. */
    OUT_OF_MEMORY("not enough RAM left for the request"),
    /** A virtual address or size is not page-aligned, or lies outside the address space. */
    VSPACE_INVALID_ADDRESS("invalid virtual address or size"),
    /** Part of the virtual range asked for is already mapped. */
    VSPACE_RANGE_IN_USE("virtual range is already mapped"),
    /** Nothing is mapped at the virtual address: never mapped, unmapped, or its frame deleted or revoked. */
    VSPACE_NOT_MAPPED("no mapping at the virtual address"),
    /** A write reached a page mapped without the write right. */
    VSPACE_WRITE_PROTECTED("write to a page mapped without the write right");

    private final String message;

    ErrorCode(final String message)
    {
        this.message = message;
    }

    /** The fixed human-readable message of this code. */
    public String message()
    {
        return message;
    }
}
