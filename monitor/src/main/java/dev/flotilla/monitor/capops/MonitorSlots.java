package dev.flotilla.monitor.capops;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.CSpaceLayout;
import java.util.BitSet;

/**
 * The monitor's own slots for the distributed operations: the upper half of its receive CNode (the lower half
 * is the capability copier's). A held copy (the capability a dispatcher handed over for the operation) keeps
 * its slot until the operation ends; new capabilities of a retype use slots only within one handler.
 *
 * <p>Invariant: a slot is marked used exactly while it holds a capability this class handed out.
 */
final class MonitorSlots
{
    /** The first slot of the receive CNode that is this class's. */
    static final int FIRST = 128;
    /** How many slots there are. */
    static final int COUNT = 128;
    /** The most capabilities one distributed retype makes (they pass through these slots together). */
    static final int MAX_RETYPE = 64;

    private final BitSet used = new BitSet(COUNT);

    /** A free slot, now used. */
    CapRef allocate()
    {
        final int i = used.nextClearBit(0);
        if (i >= COUNT)
        {
            throw new CapabilityException(ErrorCode.SLOT_ALLOC_NO_SPACE, "the monitor's " + COUNT
                + " slots for distributed capability operations are all in use");
        }
        used.set(i);
        return CapRef.of(CSpaceLayout.ROOTCN_SLOT_RECEIVECN, FIRST + i);
    }

    /** {@code count} consecutive free slots, now used; the first is returned. */
    CapRef allocateRun(final int count)
    {
        int from = 0;
        while (true)
        {
            final int start = used.nextClearBit(from);
            final int end = used.nextSetBit(start);
            if (start + count > COUNT)
            {
                throw new CapabilityException(ErrorCode.SLOT_ALLOC_NO_SPACE, "the monitor has no " + count
                    + " consecutive free slots for a distributed retype");
            }
            if (end < 0 || end - start >= count)
            {
                used.set(start, start + count);
                return CapRef.of(CSpaceLayout.ROOTCN_SLOT_RECEIVECN, FIRST + start);
            }
            from = end;
        }
    }

    /** Gives back {@code count} slots from {@code first} (emptied by the caller). */
    void free(final CapRef first, final int count)
    {
        used.clear(first.l2Slot() - FIRST, first.l2Slot() - FIRST + count);
    }

    /** The CNode these slots are in, as a destination for system calls. */
    static CapRef cnode()
    {
        return CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_RECEIVECN);
    }
}
