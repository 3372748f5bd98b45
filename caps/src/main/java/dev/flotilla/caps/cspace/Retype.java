package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.SizeRule;

import java.util.ArrayList;
import java.util.List;

/**
 * Retype: make {@code count} objects of {@code objectSize} bytes of a new type from part of a source
 * capability, starting {@code offset} bytes into it, into consecutive slots of one CNode
 * (Barrelfish {@code caps_retype}; seL4 {@code decodeUntypedInvocation} / {@code invokeUntyped_Retype}).
 *
 * <p>The checks, in order, each a question with its error:
 * <ol>
 *   <li>Is the source there? — lookup errors, {@code CAP_NOT_FOUND}.</li>
 *   <li>Is the type one that retype makes? — mapping types: {@code RETYPE_MAPPING_EXPLICIT}.</li>
 *   <li>Can the source's type become it? — {@code INVALID_SOURCE_TYPE}.</li>
 *   <li>May the caller reuse the source's memory? — {@code WRITE}, else {@code NO_RIGHTS}.</li>
 *   <li>May this core decide alone? — not if another core owns it (a foreign copy), a distributed operation
 *       holds it ({@link LockObject}), or descendants may live on cores this one keeps no record of
 *       ({@link RemoteRelations#UNTRACKED_DESCENDANTS}): {@code RETRY_THROUGH_MONITOR}, and the monitor's
 *       distributed retype has the owner decide ({@link #decodeAsOwner}).</li>
 *   <li>Is the offset aligned (4 KiB; 1 KiB for dispatchers) and inside the source? — {@code RETYPE_INVALID_OFFSET}.</li>
 *   <li>Does the object size obey the type's rule, and fit the source? — {@code INVALID_SIZE}.</li>
 *   <li>Is the count at least one and at most source size / object size? — {@code RETYPE_INVALID_COUNT}.</li>
 *   <li>Do all objects end inside the source? — {@code RETYPE_INVALID_OFFSET}.</li>
 *   <li>Is the destination a writable CNode with that many empty slots? — {@code CNODE_TYPE},
 *       {@code NO_RIGHTS}, {@code SLOTS_INVALID}, {@code SLOT_IN_USE}.</li>
 *   <li>Is the range free of the source's descendants? — {@code REVOKE_FIRST} (not asked of sources
 *       that retype many times over, the dispatcher).</li>
 * </ol>
 * Types that inherit their source's range (an endpoint from a dispatcher) take offset 0, object size
 * 0 and count 1. New capabilities get the source's rights, so no right is ever gained, and belong to
 * this core.
 */
public final class Retype
{
    private final CoreCapabilities core;
    private final long generation;
    private final Capability source;
    private final CapRights rights;
    private final CapType type;
    private final long firstBase;
    private final long objectSize;
    private final int count;
    private final CNode destination;
    private final int destSlot;
    /** What the one END_POINT made names ({@link #decodeEndpoint}); null for every other retype. */
    private final EndpointObject endpoint;

    private Retype(final CoreCapabilities core, final Capability source, final CapRights rights, final CapType type,
        final long firstBase, final long objectSize, final int count, final CNode destination, final int destSlot)
    {
        this(core, source, rights, type, firstBase, objectSize, count, destination, destSlot, null);
    }

    private Retype(final CoreCapabilities core, final Capability source, final CapRights rights, final CapType type,
        final long firstBase, final long objectSize, final int count, final CNode destination, final int destSlot,
        final EndpointObject endpoint)
    {
        this.endpoint = endpoint;
        this.core = core;
        this.generation = core.generation();
        this.source = source;
        this.rights = rights;
        this.type = type;
        this.firstBase = firstBase;
        this.objectSize = objectSize;
        this.count = count;
        this.destination = destination;
        this.destSlot = destSlot;
    }

    /**
     * Checks a retype without changing anything.
     *
     * @throws CapabilityException naming the first bad argument.
     */
    public static Retype decode(final CoreCapabilities core, final CSpace cspace, final CapRef sourceRef,
        final long offset, final CapType type, final long objectSize, final int count,
        final CapRef destCNode, final int destSlot)
    {
        final Cte sourceCte = cspace.lookup(sourceRef, "source");
        checkSource(sourceCte, type);
        if (sourceCte.owner() != core.coreId() || core.isLocked(sourceCte.capability())
            || (sourceCte.remoteRelations() & RemoteRelations.UNTRACKED_DESCENDANTS) != 0)
        {
            // Only the owner makes objects from memory several cores may hold, and only while no distributed
            // operation holds it and it knows every descendant elsewhere: otherwise its monitor decides.
            throw new CapabilityException(ErrorCode.RETRY_THROUGH_MONITOR, "source: " + sourceCte.capability()
                + " is owned by core " + sourceCte.owner() + (core.isLocked(sourceCte.capability())
                ? ", and a distributed operation holds it" : "") + "; retyping it on core " + core.coreId()
                + " needs the monitors");
        }
        return decodeChecked(core, sourceCte, CapRights.ALL, offset, type, objectSize, count, cspace, destCNode,
            destSlot);
    }

    /**
     * Checks the retype of the dispatcher capability {@code dispatcherRef} into one END_POINT that names
     * {@code endpoint} (a channel end the CPU driver keeps) — Barrelfish's endpoint, derived from its listener's
     * dispatcher capability. Every check is {@link #decode}'s for an END_POINT (a source that is no dispatcher is
     * {@code INVALID_SOURCE_TYPE}); copies of the new capability name the same object.
     *
     * @throws CapabilityException naming the first bad argument.
     */
    public static Retype decodeEndpoint(final CoreCapabilities core, final CSpace cspace, final CapRef dispatcherRef,
        final CapRef destCNode, final int destSlot, final EndpointObject endpoint)
    {
        final Retype plain = decode(core, cspace, dispatcherRef, 0, CapType.END_POINT, 0, 1, destCNode, destSlot);
        return new Retype(core, plain.source, plain.rights, plain.type, plain.firstBase, plain.objectSize, 1,
            plain.destination, plain.destSlot, java.util.Objects.requireNonNull(endpoint, "endpoint"));
    }

    /**
     * The owner's half of a distributed retype, for its monitor once every core was asked: retypes a local copy
     * of {@code object} (one with WRITE) on behalf of another core, into slots of {@code destSpace} (the
     * monitor's), the new capabilities keeping only the rights in {@code mask} (the requester's copy's).
     * Skips the lock and untracked-descendant tests (the monitor holds the lock and asked every core); every
     * other check is {@link #decode}'s, the local "revoke first" test included.
     *
     * @throws CapabilityException {@code CAP_DELETED_ELSEWHERE} if no copy lives here,
     *         {@code RETRY_THROUGH_MONITOR} if this core no longer owns it, or what {@link #decode} throws.
     */
    public static Retype decodeAsOwner(final CoreCapabilities core, final ObjectName object, final CapRights mask,
        final long offset, final CapType type, final long objectSize, final int count, final CSpace destSpace,
        final CapRef destCNode, final int destSlot)
    {
        Cte sourceCte = null;
        for (final Cte copy : core.copiesOf(object))
        {
            if (copy.capability().rights().has(CapRights.WRITE))
            {
                sourceCte = copy;
            }
        }
        if (sourceCte == null)
        {
            throw new CapabilityException(ErrorCode.CAP_DELETED_ELSEWHERE, "source: core " + core.coreId()
                + " holds no writable copy of " + object);
        }
        checkSource(sourceCte, type);
        if (sourceCte.owner() != core.coreId())
        {
            throw new CapabilityException(ErrorCode.RETRY_THROUGH_MONITOR, "source: " + object + " is owned by core "
                + sourceCte.owner() + ", not core " + core.coreId());
        }
        return decodeChecked(core, sourceCte, mask, offset, type, objectSize, count, destSpace, destCNode, destSlot);
    }

    private static void checkSource(final Cte sourceCte, final CapType type)
    {
        final Capability source = sourceCte.capability();
        if (type.isMapping())
        {
            throw new CapabilityException(ErrorCode.RETYPE_MAPPING_EXPLICIT, "type: " + type + " is made by mapping");
        }
        if (!source.type().canRetypeTo(type))
        {
            throw new CapabilityException(ErrorCode.INVALID_SOURCE_TYPE,
                "source: " + source.type() + " cannot be retyped into " + type);
        }
        Checks.requireRight(sourceCte, CapRights.WRITE, "source");
    }

    private static Retype decodeChecked(final CoreCapabilities core, final Cte sourceCte, final CapRights mask,
        final long offset, final CapType type, final long objectSize, final int count, final CSpace cspace,
        final CapRef destCNode, final int destSlot)
    {
        final Capability source = sourceCte.capability();
        final long firstBase;
        final long size;
        if (type.objectSize().kind() == SizeRule.Kind.INHERITED)
        {
            checkInherited(type, offset, objectSize, count);
            firstBase = source.base();
            size = source.size();
        }
        else
        {
            checkCarved(source, offset, type, objectSize, count);
            firstBase = source.base() + offset;
            size = objectSize;
        }

        final CNode destination = Checks.writableCNode(cspace, destCNode, "destCNode");
        Checks.requireEmptySlots(destination, destSlot, count, "destSlot");

        if (!source.type().canRetypeMultiple())
        {
            final Cte descendant = core.mdb().descendantOverlapping(source, firstBase, size * count);
            if (descendant != null)
            {
                throw new CapabilityException(ErrorCode.REVOKE_FIRST, "source: [0x" + Long.toHexString(firstBase)
                    + ", +" + size * count + ") overlaps descendant " + descendant.capability());
            }
        }
        return new Retype(core, source, source.rights().and(mask), type, firstBase, size, count, destination, destSlot);
    }

    private static void checkInherited(final CapType type, final long offset, final long objectSize, final int count)
    {
        if (offset != 0)
        {
            throw new CapabilityException(ErrorCode.RETYPE_INVALID_OFFSET, "offset: " + type + " takes offset 0, not " + offset);
        }
        if (objectSize != 0)
        {
            throw new CapabilityException(ErrorCode.INVALID_SIZE,
                "objectSize: " + type + " takes " + type.objectSize().describe() + ", not " + objectSize);
        }
        if (count != 1)
        {
            throw new CapabilityException(ErrorCode.RETYPE_INVALID_COUNT, "count: " + type + " is made one at a time, not " + count);
        }
    }

    private static void checkCarved(final Capability source, final long offset, final CapType type,
        final long objectSize, final int count)
    {
        final long alignment = type.offsetAlignment();
        if (offset < 0 || offset % alignment != 0 || offset >= source.size())
        {
            throw new CapabilityException(ErrorCode.RETYPE_INVALID_OFFSET, "offset: " + offset
                + " must be a multiple of " + alignment + " inside the source's " + source.size() + " bytes");
        }
        if (!type.objectSize().admits(objectSize) || objectSize > source.size())
        {
            throw new CapabilityException(ErrorCode.INVALID_SIZE, "objectSize: " + objectSize + " but " + type
                + " takes " + type.objectSize().describe() + ", at most the source's " + source.size());
        }
        if (count < 1 || count > source.size() / objectSize)
        {
            throw new CapabilityException(ErrorCode.RETYPE_INVALID_COUNT, "count: " + count
                + " but the source holds 1 to " + source.size() / objectSize + " objects of " + objectSize);
        }
        if (count > (source.size() - offset) / objectSize)
        {
            throw new CapabilityException(ErrorCode.RETYPE_INVALID_OFFSET, "offset: " + count + " objects of "
                + objectSize + " from offset " + offset + " pass the end of the source's " + source.size() + " bytes");
        }
    }

    /** Creates the objects; returns their entries in slot order. */
    public List<Cte> invoke()
    {
        core.beginInvoke(generation);
        final List<Cte> made = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final long base = firstBase + i * objectSize;
            final Capability cap = Capability.of(type, rights, base, objectSize);
            final CNode table = type.isCNode() ? new CNode(type, base, (int)(objectSize / ObjectSizes.CTE)) : null;
            final Cte cte = core.newCte(cap, table, endpoint, core.coreId());
            core.install(cte, destination, destSlot + i);
            made.add(cte);
        }
        return made;
    }
}
