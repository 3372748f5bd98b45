package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;

/** Argument checks that several decoders share; each names the argument it blames. */
final class Checks
{
    private Checks()
    {
    }

    /** Does the capability hold the right? */
    static void requireRight(final Cte cte, final CapRights right, final String argument)
    {
        if (!cte.capability().rights().has(right))
        {
            throw new CapabilityException(ErrorCode.NO_RIGHTS,
                argument + ": " + cte.capability().type() + " with rights " + cte.capability().rights() + " lacks " + right);
        }
    }

    /** The CNode named by a writable CNode capability at {@code ref}. */
    static CNode writableCNode(final CSpace cspace, final CapRef ref, final String argument)
    {
        final Cte cnodeCap = cspace.lookupCNode(ref, null, argument);
        requireRight(cnodeCap, CapRights.WRITE, argument);
        return cnodeCap.namedCNode();
    }

    /** Do slots {@code [first, first + count)} exist in the CNode, and are they all empty? */
    static void requireEmptySlots(final CNode cnode, final int first, final int count, final String argument)
    {
        if (first < 0 || (long)first + count > cnode.slotCount())
        {
            throw new CapabilityException(ErrorCode.SLOTS_INVALID,
                argument + ": slots [" + first + ", " + ((long)first + count) + ") outside " + cnode.slotCount() + " slots");
        }
        for (int i = first; i < first + count; i++)
        {
            if (!cnode.isEmpty(i))
            {
                throw new CapabilityException(ErrorCode.SLOT_IN_USE, argument + ": slot " + i + " holds " + cnode.get(i).capability());
            }
        }
    }

    /** A slot that is empty and that the caller may write. */
    static Slot writableEmptySlot(final CSpace cspace, final CapRef ref, final String argument)
    {
        final Slot slot = cspace.slot(ref, argument);
        requireRight(slot.via(), CapRights.WRITE, argument + "'s CNode");
        if (slot.get() != null)
        {
            throw new CapabilityException(ErrorCode.SLOT_IN_USE, argument + ": " + ref + " holds " + slot.get().capability());
        }
        return slot;
    }
}
