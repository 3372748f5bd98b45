package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.SizeRule;

/**
 * Create from nothing: the kernel's boot-time source of capabilities — the physical address ranges,
 * RAM and device frames it discovers, the first CNodes and the Kernel capability (Barrelfish
 * {@code caps_create_new}). Never reachable from user invocations.
 *
 * <p>A capability made from nothing has no ancestor, so its range must not overlap anything the
 * database already names, or ranges would stop nesting ({@code RANGE_IN_USE}).
 *
 * <p>Checks: the type is not a mapping ({@code RETYPE_MAPPING_EXPLICIT}) nor one that needs a source
 * object ({@code INVALID_SOURCE_TYPE}); the size obeys the type's rule ({@code INVALID_SIZE}); the
 * base is aligned as the type's offsets are ({@code INVALID_ADDRESS}); the range is free
 * ({@code RANGE_IN_USE}); the destination is a writable, empty slot.
 */
public final class Create
{
    private final CoreCapabilities core;
    private final long generation;
    private final Capability capability;
    private final CNode destination;
    private final int destSlot;

    private Create(final CoreCapabilities core, final Capability capability, final CNode destination, final int destSlot)
    {
        this.core = core;
        this.generation = core.generation();
        this.capability = capability;
        this.destination = destination;
        this.destSlot = destSlot;
    }

    /**
     * Checks the creation of a capability with every right into a slot.
     *
     * @throws CapabilityException naming the first bad argument.
     */
    public static Create decode(final CoreCapabilities core, final CSpace cspace, final CapRef destCNode,
        final int destSlot, final CapType type, final long base, final long size)
    {
        final Capability capability = check(core, type, base, size);
        final CNode destination = Checks.writableCNode(cspace, destCNode, "destCNode");
        Checks.requireEmptySlots(destination, destSlot, 1, "destSlot");
        return new Create(core, capability, destination, destSlot);
    }

    /** Checks the creation of a root L1 CNode for a new CSpace, held outside every CNode. */
    static Create decodeRoot(final CoreCapabilities core, final long base, final long bytes)
    {
        return new Create(core, check(core, CapType.L1_CNODE, base, bytes), null, 0);
    }

    private static Capability check(final CoreCapabilities core, final CapType type, final long base, final long size)
    {
        if (type.isMapping())
        {
            throw new CapabilityException(ErrorCode.RETYPE_MAPPING_EXPLICIT, "type: " + type + " is made by mapping");
        }
        if (type.objectSize().kind() == SizeRule.Kind.INHERITED)
        {
            throw new CapabilityException(ErrorCode.INVALID_SOURCE_TYPE, "type: " + type + " needs a source object");
        }
        if (!type.hasRange())
        {
            if (size != 0)
            {
                throw new CapabilityException(ErrorCode.INVALID_SIZE, "size: " + type + " names no memory; size must be 0");
            }
            if (base != 0)
            {
                throw new CapabilityException(ErrorCode.INVALID_ADDRESS, "base: " + type + " names no memory; base must be 0");
            }
            return Capability.of(type, CapRights.ALL, 0, 0);
        }
        if (!type.objectSize().admits(size))
        {
            throw new CapabilityException(ErrorCode.INVALID_SIZE, "size: " + size + " but " + type + " takes "
                + type.objectSize().describe());
        }
        if (base < 0 || base % type.offsetAlignment() != 0 || base > Long.MAX_VALUE - size)
        {
            throw new CapabilityException(ErrorCode.INVALID_ADDRESS, "base: 0x" + Long.toHexString(base)
                + " must be a multiple of " + type.offsetAlignment() + " with the range inside the address space");
        }
        final Cte overlap = core.mdb().anyOverlapping(type.root(), base, size);
        if (overlap != null)
        {
            throw new CapabilityException(ErrorCode.RANGE_IN_USE, "base: [0x" + Long.toHexString(base) + ", +" + size
                + ") overlaps " + overlap.capability());
        }
        return Capability.of(type, CapRights.ALL, base, size);
    }

    /** Creates the capability; returns its entry. */
    public Cte invoke()
    {
        core.beginInvoke(generation);
        final CapType type = capability.type();
        final CNode table = type.isCNode()
            ? new CNode(type, capability.base(), (int)(capability.size() / ObjectSizes.CTE))
            : null;
        final Cte cte = core.newCte(capability, table, core.coreId());
        core.install(cte, destination, destSlot);
        return cte;
    }
}
