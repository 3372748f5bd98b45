package dev.flotilla.kernel;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CSpace;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.cspace.Copy;
import dev.flotilla.caps.cspace.CoreCapabilities;
import dev.flotilla.caps.cspace.Delete;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Capabilities on their way from one dispatcher of this core to another — the CPU driver's part of
 * Barrelfish's LMP capability transfer. The sender gives a capability (it needs the GRANT right): the
 * kernel copies it into its own transit CSpace and answers a token, which the message carries; the
 * receiver takes the token, and the kernel moves the copy into the receiver's CSpace. Nothing but the
 * token travels in channel memory, so a capability cannot be forged by writing words.
 *
 * <p>Core-confined, like its CPU driver. A token is taken at most once; a capability never taken stays in
 * transit (and counted) until the core halts.
 */
final class CapabilityTransit
{
    /** L2 CNodes of the transit CSpace: how many capabilities may be in transit at once. */
    private static final int CNODES = 4;
    private static final int SLOTS = ObjectSizes.L2_CNODE_SLOTS;

    private final CoreCapabilities caps;
    private final CSpace transit;
    private final BitSet used = new BitSet(CNODES * SLOTS);
    private final Map<Long, Integer> slots = new HashMap<>();
    private long nextToken = 1;

    CapabilityTransit(final CoreCapabilities caps, final KernelMemory memory)
    {
        this.caps = caps;
        this.transit = CSpaceLayout.kernelCSpace(caps, memory, CNODES);
    }

    /**
     * Copies {@code source} of {@code from} into transit; returns the token that names it.
     *
     * @throws CapabilityException {@code CAP_NOT_FOUND}, {@code NO_RIGHTS} (no GRANT), {@code INVALID_SOURCE_TYPE}
     *         (a mapping), or {@code SLOT_ALLOC_NO_SPACE} if too many are in transit; then nothing changed.
     */
    long give(final CSpace from, final CapRef source)
    {
        final int slot = used.nextClearBit(0);
        if (slot >= CNODES * SLOTS)
        {
            throw new CapabilityException(ErrorCode.SLOT_ALLOC_NO_SPACE, "source: " + slots.size()
                + " capabilities are already in transit on this core; take some first");
        }
        Copy.decode(caps, from, source, transit, CapRef.inRoot(slot / SLOTS), slot % SLOTS, CapRights.ALL).invoke();
        used.set(slot);
        final long token = nextToken++;
        slots.put(token, slot);
        return token;
    }

    /**
     * Moves the capability {@code token} names into slot {@code destSlot} of {@code destCNode} in {@code to}.
     *
     * @throws CapabilityException {@code CAP_NOT_FOUND} for a token that names nothing in transit, or what the
     *         copy refuses ({@code SLOT_IN_USE}, ...); then the capability stays in transit.
     */
    void take(final long token, final CSpace to, final CapRef destCNode, final int destSlot)
    {
        final Integer slot = slots.get(token);
        if (slot == null)
        {
            throw new CapabilityException(ErrorCode.CAP_NOT_FOUND, "token: " + token
                + " names no capability in transit on this core (never given, or already taken)");
        }
        final CapRef held = CapRef.of(slot / SLOTS, slot % SLOTS);
        Copy.decode(caps, transit, held, to, destCNode, destSlot, CapRights.ALL).invoke();
        Delete.decode(caps, transit, held).invoke(); // the receiver now holds a copy: nothing dies with it
        slots.remove(token);
        used.clear(slot);
    }

    /** Capabilities given and not yet taken. */
    int inTransit()
    {
        return slots.size();
    }
}
