package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;

/**
 * Copy and mint: a new capability to the same object in another slot, with the source's rights
 * masked by {@code mask} (Barrelfish {@code caps_copy_to_cte}; copy is a mint with every right).
 *
 * <p>Masking is an intersection, so a copy never holds a right its source lacks. The copy keeps
 * the source's owner and remote relations: it is the same object. Mapping capabilities cannot be
 * copied — each records page-table entries that exactly one capability may own.
 *
 * <p>Checks: source lookup; for a transfer into another CSpace, the GRANT right ({@code NO_RIGHTS}); not a mapping ({@code INVALID_SOURCE_TYPE}); destination a writable
 * CNode ({@code CNODE_TYPE}, {@code NO_RIGHTS}) with the slot inside it ({@code SLOTS_INVALID}) and
 * empty ({@code SLOT_IN_USE}).
 */
public final class Copy
{
    private final CoreCapabilities core;
    private final long generation;
    private final Cte source;
    private final CapRights rights;
    private final CNode destination;
    private final int destSlot;

    private Copy(final CoreCapabilities core, final Cte source, final CapRights rights, final CNode destination,
        final int destSlot)
    {
        this.core = core;
        this.generation = core.generation();
        this.source = source;
        this.rights = rights;
        this.destination = destination;
        this.destSlot = destSlot;
    }

    /**
     * Checks a copy or mint without changing anything.
     *
     * @param mask the rights the copy may keep; {@link CapRights#ALL} for a plain copy.
     * @throws CapabilityException naming the first bad argument.
     */
    public static Copy decode(final CoreCapabilities core, final CSpace cspace, final CapRef sourceRef,
        final CapRef destCNode, final int destSlot, final CapRights mask)
    {
        return decode(core, cspace, sourceRef, cspace, destCNode, destSlot, mask);
    }

    /**
     * Checks a copy from one CSpace of this core into another, as the kernel makes when it hands a
     * capability to another dispatcher (Barrelfish's LMP capability transfer, or a spawner's setup of
     * its child's CSpace). The source is named in {@code from}, the destination in {@code to}; nothing
     * else differs from a copy within one CSpace.
     *
     * @throws CapabilityException naming the first bad argument.
     */
    public static Copy decode(final CoreCapabilities core, final CSpace from, final CapRef sourceRef, final CSpace to,
        final CapRef destCNode, final int destSlot, final CapRights mask)
    {
        final Cte source = from.lookup(sourceRef, "source");
        if (from != to && !source.capability().rights().has(CapRights.GRANT))
        {
            throw new CapabilityException(ErrorCode.NO_RIGHTS, "source: giving " + source.capability().type()
                + " to another CSpace needs the GRANT right; it has " + source.capability().rights());
        }
        if (source.capability().type().isMapping())
        {
            throw new CapabilityException(ErrorCode.INVALID_SOURCE_TYPE,
                "source: " + source.capability().type() + " capabilities cannot be copied");
        }
        final CNode destination = Checks.writableCNode(to, destCNode, "destCNode");
        Checks.requireEmptySlots(destination, destSlot, 1, "destSlot");
        return new Copy(core, source, source.capability().rights().and(mask), destination, destSlot);
    }

    /** Installs the copy; returns its entry. */
    public Cte invoke()
    {
        core.beginInvoke(generation);
        final Capability cap = source.capability().withRights(rights);
        final Cte copy = core.newCte(cap, source.namedCNode(), source.namedEndpoint(), source.owner());
        copy.inheritRemoteRelations(source);
        core.install(copy, destination, destSlot);
        return copy;
    }
}
