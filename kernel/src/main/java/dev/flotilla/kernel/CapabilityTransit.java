package dev.flotilla.kernel;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CSpace;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.cspace.Copy;
import dev.flotilla.caps.cspace.CoreCapabilities;
import dev.flotilla.caps.cspace.Delete;
import dev.flotilla.caps.cspace.ForeignCopy;
import dev.flotilla.caps.cspace.SendCopy;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Capabilities on their way between dispatchers — the CPU driver's part of Barrelfish's capability transfer.
 *
 * <p><b>On one core</b> (LMP): the sender gives a capability (it needs the GRANT right): the kernel copies it
 * into its own transit CSpace and answers a token, which the message carries; the receiver takes the token,
 * and the kernel moves the copy into the receiver's CSpace. Nothing but the token travels in channel memory,
 * so a capability cannot be forged by writing words.
 *
 * <p><b>Across cores</b> (through the monitors): the sending dispatcher gives the capability as above and its
 * monitor takes it; {@link #depart} serialises the monitor's copy into a {@link CapabilityRecord}, keeps one
 * copy of the object here as the record of the remote copy, and marks the local relatives' remote-relation
 * bits. On the receiving core the monitor hands the record to {@link #arrive}, which makes the copy
 * ({@link ForeignCopy}) and keeps it under (sending core, transfer), until the receiver's decoder takes it
 * with {@link #takeArrived}.
 *
 * <p><b>Remote-copy records.</b> The copy kept by {@link #depart} (one per object, however many times and to
 * however many cores it is sent) lives until a distributed revoke sweeps it (or the object's non-movable copies
 * with it): while it lives, the sender deleting its own copies — or exiting — cannot make the memory
 * retypeable again from an ancestor on this core ({@code REVOKE_FIRST} sees the live copy), so memory another
 * core may hold is never handed out twice from here; and it is why the owner's own retypes may stay local
 * ({@code dev.flotilla.monitor.capops}). The deletes this class makes of its own transit copies never ask the
 * monitor: the receiver holds a copy, so no ownership moves.
 *
 * <p>Core-confined, like its CPU driver. A token or an arrival is taken at most once; one never taken stays
 * (and is counted) until the core halts. A revoke's sweep may delete a copy that waits here (a descendant of
 * what it revokes); the token or arrival is then dropped when its receiver comes for it, which gets
 * {@code CAP_NOT_FOUND}, so no slot here is held by a copy that no longer exists.
 */
final class CapabilityTransit
{
    /** L2 CNodes of the transit CSpace: how many capabilities may be in transit at once. */
    private static final int CNODES = 4;
    private static final int SLOTS = ObjectSizes.L2_CNODE_SLOTS;

    /** L2 CNodes of the remote-copy records: how many objects this core may have sent copies of. */
    private static final int RECORD_CNODES = 8;

    /** A copy another core sent: its core and the transfer number the sending core gave it. */
    private record Arrival(int fromCore, long transfer)
    {
    }

    /** An object, as its copies all name it: type and range. */
    private record ObjectName(CapType type, long base, long size)
    {
    }

    private final CoreCapabilities caps;
    private final CSpace transit;
    private final CSpace records;
    private final BitSet used = new BitSet(CNODES * SLOTS);
    private final Map<Long, Integer> slots = new HashMap<>();
    private final Map<Arrival, Integer> arrivals = new HashMap<>();
    private final Map<ObjectName, Integer> recorded = new HashMap<>();
    private long nextToken = 1;

    CapabilityTransit(final CoreCapabilities caps, final KernelMemory memory)
    {
        this.caps = caps;
        this.transit = CSpaceLayout.kernelCSpace(caps, memory, CNODES);
        this.records = CSpaceLayout.kernelCSpace(caps, memory, RECORD_CNODES);
    }

    /**
     * Copies {@code source} of {@code from} into transit; returns the token that names it.
     *
     * @throws CapabilityException {@code CAP_NOT_FOUND}, {@code NO_RIGHTS} (no GRANT), {@code INVALID_SOURCE_TYPE}
     *         (a mapping), or {@code SLOT_ALLOC_NO_SPACE} if too many are in transit; then nothing changed.
     */
    long give(final CSpace from, final CapRef source)
    {
        final int slot = freeSlot();
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
        if (!holds(transit, held))
        {
            slots.remove(token);
            used.clear(slot);
            throw new CapabilityException(ErrorCode.CAP_NOT_FOUND, "token: " + token
                + " was given, and a revoke swept it before it was taken");
        }
        Copy.decode(caps, transit, held, to, destCNode, destSlot, CapRights.ALL).invoke();
        Delete.decodeAlone(caps, transit, held).invoke(); // the receiver now holds a copy: nothing dies, no owner moves
        slots.remove(token);
        used.clear(slot);
    }

    /**
     * Serialises {@code source} of {@code from} for another core, keeps this core's record of the remote copy
     * and marks the local relatives (see {@link SendCopy}).
     *
     * @throws CapabilityException {@code CAP_NOT_FOUND}, {@code NO_RIGHTS} (no GRANT), {@code CAP_NOT_TRANSFERABLE},
     *         or {@code SLOT_ALLOC_NO_SPACE} when no more objects can be recorded; then nothing changed.
     */
    CapabilityRecord depart(final CSpace from, final CapRef source, final int destination)
    {
        SendCopy.decode(caps, from, source, destination); // every check, before anything changes
        final dev.flotilla.caps.Capability cap = from.lookup(source, "source").capability();
        final ObjectName name = new ObjectName(cap.type(), cap.base(), cap.size());
        final Integer known = recorded.get(name);
        final int slot = known != null ? known : recorded.size();
        if (slot >= RECORD_CNODES * SLOTS)
        {
            throw new CapabilityException(ErrorCode.SLOT_ALLOC_NO_SPACE, "source: this core already records "
                + slot + " objects with copies on other cores");
        }
        if (known == null || !holds(records, CapRef.of(slot / SLOTS, slot % SLOTS)))
        {
            // First departure of this object, or its record died in a revoke of an ancestor here: record it (again).
            Copy.decode(caps, from, source, records, CapRef.inRoot(slot / SLOTS), slot % SLOTS, CapRights.ALL).invoke();
            recorded.put(name, slot);
        }
        return SendCopy.decode(caps, from, source, destination).invoke();
    }

    /**
     * Makes the copy {@code fromCore} sent as {@code transfer}, kept until a receiver takes it.
     *
     * @throws CapabilityException what {@link ForeignCopy} refuses ({@code CAP_NOT_TRANSFERABLE},
     *         {@code RANGE_IN_USE}), {@code SLOT_IN_USE} for a transfer that already arrived, or
     *         {@code SLOT_ALLOC_NO_SPACE} if too many are in transit; then nothing changed.
     */
    void arrive(final int fromCore, final long transfer, final CapabilityRecord record)
    {
        final Arrival key = new Arrival(fromCore, transfer);
        if (arrivals.containsKey(key))
        {
            throw new CapabilityException(ErrorCode.SLOT_IN_USE, "transfer: " + transfer + " from core " + fromCore
                + " already arrived");
        }
        final int slot = freeSlot();
        ForeignCopy.decode(caps, transit, CapRef.inRoot(slot / SLOTS), slot % SLOTS, record).invoke();
        used.set(slot);
        arrivals.put(key, slot);
    }

    /**
     * Moves the copy {@code fromCore} sent as {@code transfer} into slot {@code destSlot} of {@code destCNode} in
     * {@code to}.
     *
     * @throws CapabilityException {@code CAP_NOT_FOUND} if no such copy waits here, or what the copy refuses
     *         ({@code SLOT_IN_USE}, ...); then the copy stays.
     */
    void takeArrived(final int fromCore, final long transfer, final CSpace to, final CapRef destCNode,
        final int destSlot)
    {
        final Arrival key = new Arrival(fromCore, transfer);
        final Integer slot = arrivals.get(key);
        if (slot == null)
        {
            throw new CapabilityException(ErrorCode.CAP_NOT_FOUND, "transfer: " + transfer + " from core " + fromCore
                + " names no capability that arrived on this core (never sent, refused, or already taken)");
        }
        final CapRef held = CapRef.of(slot / SLOTS, slot % SLOTS);
        if (!holds(transit, held))
        {
            arrivals.remove(key);
            used.clear(slot);
            throw new CapabilityException(ErrorCode.CAP_NOT_FOUND, "transfer: " + transfer + " from core " + fromCore
                + " arrived, and a revoke swept it before it was taken");
        }
        Copy.decode(caps, transit, held, to, destCNode, destSlot, CapRights.ALL).invoke();
        Delete.decodeAlone(caps, transit, held).invoke(); // the receiver holds a copy: nothing dies, no owner moves
        arrivals.remove(key);
        used.clear(slot);
    }

    private static boolean holds(final CSpace cspace, final CapRef ref)
    {
        try
        {
            cspace.lookup(ref);
            return true;
        }
        catch (final CapabilityException empty)
        {
            return false;
        }
    }

    private int freeSlot()
    {
        final int slot = used.nextClearBit(0);
        if (slot >= CNODES * SLOTS)
        {
            throw new CapabilityException(ErrorCode.SLOT_ALLOC_NO_SPACE, (slots.size() + arrivals.size())
                + " capabilities are already in transit on this core; take some first");
        }
        return slot;
    }

    /** Capabilities given and not yet taken. */
    int inTransit()
    {
        return slots.size();
    }

    /** Copies other cores sent that no receiver has taken yet. */
    int arrived()
    {
        return arrivals.size();
    }

    /** Objects this core keeps a record of because it sent copies of them to other cores. */
    int remoteCopies()
    {
        return recorded.size();
    }
}
