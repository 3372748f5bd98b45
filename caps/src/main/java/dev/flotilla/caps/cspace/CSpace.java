package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;

/**
 * A capability space: a root L1 CNode whose slots hold L2 CNodes of 256 slots, in which a dispatcher
 * names its capabilities by {@link CapRef}.
 *
 * <p>The CSpace holds its own copy of the root CNode capability, outside every CNode, as Barrelfish's
 * dispatcher control block holds {@code cspace}: the root stays alive while the CSpace does, and
 * dies only if the memory it came from is revoked (then every lookup fails with
 * {@link ErrorCode#CAP_NOT_FOUND}).
 *
 * <p>Every lookup checks the whole path, so every use of a capref is checked.
 */
public final class CSpace
{
    private Cte root;

    CSpace(final Cte root)
    {
        this.root = root;
    }

    /** The entry holding the root L1 CNode capability. */
    public Cte root()
    {
        return root;
    }

    /** The root L1 CNode. */
    public CNode rootCNode()
    {
        return root.namedCNode();
    }

    /** True while the root capability has not been deleted. */
    public boolean isLive()
    {
        return root.isLive();
    }

    void setRoot(final Cte newRoot)
    {
        root = newRoot;
    }

    /**
     * The capability {@code ref} names.
     *
     * @throws CapabilityException {@link ErrorCode#L1_CNODE_INDEX}, {@link ErrorCode#CNODE_TYPE} or
     *                             {@link ErrorCode#CAP_NOT_FOUND}.
     */
    public Cte lookup(final CapRef ref)
    {
        return lookup(ref, "capref");
    }

    /** As {@link #lookup(CapRef)}, naming {@code argument} in the error. */
    public Cte lookup(final CapRef ref, final String argument)
    {
        if (ref.level() == 0)
        {
            requireLive(argument);
            return root;
        }
        final Cte cte = slot(ref, argument).get();
        if (cte == null)
        {
            throw new CapabilityException(ErrorCode.CAP_NOT_FOUND, argument + ": " + ref + " is empty");
        }
        return cte;
    }

    /**
     * The CNode that the capability at {@code ref} names, which must be of {@code kind} (null for
     * either kind).
     */
    Cte lookupCNode(final CapRef ref, final CapType kind, final String argument)
    {
        final Cte cte = lookup(ref, argument);
        final CapType type = cte.capability().type();
        if (!type.isCNode() || kind != null && type != kind)
        {
            throw new CapabilityException(ErrorCode.CNODE_TYPE,
                argument + ": " + ref + " holds " + type + ", not " + (kind == null ? "a CNode" : kind));
        }
        return cte;
    }

    /** The slot {@code ref} names (level 1 or 2), empty or not. */
    Slot slot(final CapRef ref, final String argument)
    {
        requireLive(argument);
        if (ref.level() == 0)
        {
            throw new CapabilityException(ErrorCode.INVALID_CAPREF, argument + ": the root capability is not in a slot");
        }
        final CNode l1 = rootCNode();
        if (ref.l1Index() >= l1.slotCount())
        {
            throw new CapabilityException(ErrorCode.L1_CNODE_INDEX,
                argument + ": L1 index " + ref.l1Index() + " beyond the root's " + l1.slotCount() + " slots");
        }
        if (ref.level() == 1)
        {
            return new Slot(l1, ref.l1Index(), root);
        }
        final Cte l2 = l1.get(ref.l1Index());
        if (l2 == null)
        {
            throw new CapabilityException(ErrorCode.CAP_NOT_FOUND,
                argument + ": L1 slot " + ref.l1Index() + " holds no L2 CNode");
        }
        if (l2.capability().type() != CapType.L2_CNODE)
        {
            throw new CapabilityException(ErrorCode.CNODE_TYPE,
                argument + ": L1 slot " + ref.l1Index() + " holds " + l2.capability().type() + ", not an L2 CNode");
        }
        return new Slot(l2.namedCNode(), ref.l2Slot(), l2);
    }

    private void requireLive(final String argument)
    {
        if (!root.isLive())
        {
            throw new CapabilityException(ErrorCode.CAP_NOT_FOUND, argument + ": the CSpace's root CNode was deleted");
        }
    }
}
