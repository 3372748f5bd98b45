package dev.flotilla.lib.mem;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.Syscalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Carves objects out of the RAM capabilities a domain holds, by retype, and takes them back by
 * {@link #free}: a first-fit allocator over the domain's own RAM (Barrelfish's {@code ram_alloc} for
 * one domain).
 *
 * <p>Each RAM capability has a cursor below which everything was handed out once, and a list of the
 * ranges below the cursor that were freed since (disjoint, never adjacent: neighbours merge, and a
 * range that reaches the cursor moves the cursor back instead). An allocation takes, capability by
 * capability, the first freed range with room for it, aligned as asked, else the room after the
 * cursor. Invariant: every byte of a capability is in exactly one of a live allocation, a freed range
 * or the room after the cursor. The kernel checks all of it again — a retype over a live descendant
 * fails with {@code REVOKE_FIRST} — so this allocator's bookkeeping cannot grant memory the domain
 * does not hold, and a Frame made from a freed range is zeroed like any other.
 *
 * <p>Confined to its dispatcher's core; every call is a system call and must run in the dispatcher.
 */
public final class RamAllocator
{
    /** One RAM capability and how far into it allocations have gone. */
    private static final class Pool
    {
        final CapRef ram;
        final long base;
        final long size;
        long next;
        /** Freed ranges below {@code next}: start offset to end offset. */
        final NavigableMap<Long, Long> freed = new TreeMap<>();

        Pool(final CapRef ram, final Capability capability)
        {
            this.ram = ram;
            this.base = capability.base();
            this.size = capability.size();
        }
    }

    /** An object this allocator made and has not taken back. */
    private record Allocation(CapType type, long size, Pool pool)
    {
    }

    private final Syscalls syscalls;
    private final List<Pool> pools = new ArrayList<>();
    /** Live allocations by physical base address. */
    private final Map<Long, Allocation> live = new TreeMap<>();

    /**
     * @param syscalls the CPU driver's system calls, acting for the dispatcher that owns this allocator.
     * @param rams     RAM capabilities in that dispatcher's CSpace; each is identified for its range.
     * @throws CapabilityException if one is missing or not RAM.
     */
    public RamAllocator(final Syscalls syscalls, final List<CapRef> rams)
    {
        this.syscalls = syscalls;
        for (final CapRef ram : rams)
        {
            final Capability capability = syscalls.identify(ram);
            if (capability.type() != CapType.RAM)
            {
                throw new CapabilityException(ErrorCode.INVALID_SOURCE_TYPE, "ram: " + ram + " holds " + capability.type());
            }
            pools.add(new Pool(ram, capability));
        }
    }

    /**
     * Retypes {@code bytes} of RAM, at a physical address that is a multiple of {@code alignment}, into one
     * object of {@code type} at {@code dest} (a slot: level 2, or a root slot at level 1).
     *
     * @return the physical base address of the new object.
     * @throws CapabilityException {@code OUT_OF_MEMORY} if no RAM capability has room, or the retype's
     *                             own error; the allocator is unchanged then.
     */
    public long retype(final CapType type, final long bytes, final long alignment, final CapRef dest)
    {
        if (bytes <= 0 || alignment <= 0 || Long.bitCount(alignment) != 1)
        {
            throw new IllegalArgumentException("bytes must be positive and alignment a power of two: " + bytes + ", "
                + alignment);
        }
        for (final Pool pool : pools)
        {
            for (final Map.Entry<Long, Long> range : pool.freed.entrySet())
            {
                final long first = range.getKey(); // read before the map changes: removal may reuse the entry
                final long end = range.getValue();
                final long start = aligned(pool, first, alignment);
                if (start <= end - bytes)
                {
                    make(pool, type, start, bytes, dest);
                    pool.freed.remove(first);
                    if (first < start)
                    {
                        pool.freed.put(first, start);
                    }
                    if (start + bytes < end)
                    {
                        pool.freed.put(start + bytes, end);
                    }
                    return pool.base + start;
                }
            }
            final long start = aligned(pool, pool.next, alignment);
            if (start <= pool.size - bytes)
            {
                make(pool, type, start, bytes, dest);
                if (start > pool.next)
                {
                    giveBack(pool, pool.next, start); // the alignment gap stays usable
                }
                pool.next = start + bytes;
                return pool.base + start;
            }
        }
        throw new CapabilityException(ErrorCode.OUT_OF_MEMORY, "bytes: " + bytes + " aligned to " + alignment + " but only "
            + available() + " bytes are left, in pieces");
    }

    /** The first offset at or after {@code from} whose physical address is a multiple of {@code alignment}. */
    private static long aligned(final Pool pool, final long from, final long alignment)
    {
        return Math.ceilDiv(pool.base + from, alignment) * alignment - pool.base;
    }

    /** The retype itself: if the kernel refuses, it throws and nothing here has changed. */
    private void make(final Pool pool, final CapType type, final long start, final long bytes, final CapRef dest)
    {
        syscalls.retype(pool.ram, start, type, bytes, 1, cnodeOf(dest), slotOf(dest));
        live.put(pool.base + start, new Allocation(type, bytes, pool));
    }

    /**
     * Takes back an object this allocator made: revokes it (every copy and everything retyped or mapped
     * from it goes, in every CSpace), deletes it, and keeps its range for later allocations.
     *
     * @param object the capability {@link #retype} made, or a copy of it.
     * @throws IllegalArgumentException if {@code object} is not a whole live allocation of this allocator
     *                                  (freed already, never made here, or something retyped from one);
     *                                  nothing changes then.
     * @throws CapabilityException      if the slot is empty or the capability can't be revoked or deleted.
     */
    public void free(final CapRef object)
    {
        final Capability capability = syscalls.identify(object);
        final Allocation allocation = capability.type().hasRange() ? live.get(capability.base()) : null;
        if (allocation == null || allocation.type() != capability.type() || allocation.size() != capability.size())
        {
            throw new IllegalArgumentException("object: " + object + " holds " + capability.type()
                + (capability.type().hasRange() ? " [0x" + Long.toHexString(capability.base()) + ", +" + capability.size()
                    + ")" : "") + ", which is not a live allocation of this RAM allocator");
        }
        syscalls.revoke(object);
        syscalls.delete(object);
        live.remove(capability.base());
        final Pool pool = allocation.pool();
        final long start = capability.base() - pool.base;
        giveBack(pool, start, start + capability.size());
    }

    /** Returns [start, end) to the pool: merged with freed neighbours, or folded into the cursor at the top. */
    private static void giveBack(final Pool pool, final long start, final long end)
    {
        long from = start;
        long to = end;
        final Map.Entry<Long, Long> before = pool.freed.floorEntry(from);
        if (before != null && before.getValue() == from)
        {
            from = before.getKey();
            pool.freed.remove(before.getKey());
        }
        final Long after = pool.freed.get(to);
        if (after != null)
        {
            pool.freed.remove(to);
            to = after;
        }
        if (to == pool.next)
        {
            pool.next = from;
        }
        else
        {
            pool.freed.put(from, to);
        }
    }

    /** Bytes not handed out or taken back since, over all the RAM capabilities. */
    public long available()
    {
        long left = 0;
        for (final Pool pool : pools)
        {
            left += pool.size - pool.next;
            for (final Map.Entry<Long, Long> range : pool.freed.entrySet())
            {
                left += range.getValue() - range.getKey();
            }
        }
        return left;
    }

    /** The largest free piece: the room after a cursor or a freed range, whichever is bigger. */
    public long largestAvailable()
    {
        long most = 0;
        for (final Pool pool : pools)
        {
            most = Math.max(most, pool.size - pool.next);
            for (final Map.Entry<Long, Long> range : pool.freed.entrySet())
            {
                most = Math.max(most, range.getValue() - range.getKey());
            }
        }
        return most;
    }

    /** The CNode a destination slot lies in: the root for a level-1 slot, else the L2 CNode of its L1 index. */
    static CapRef cnodeOf(final CapRef slot)
    {
        return switch (slot.level())
        {
            case 1 -> CapRef.ROOT;
            case 2 -> CapRef.inRoot(slot.l1Index());
            default -> throw new CapabilityException(ErrorCode.INVALID_CAPREF, "dest: the root is not a slot");
        };
    }

    /** The index of a destination slot within {@link #cnodeOf its CNode}. */
    static int slotOf(final CapRef slot)
    {
        return slot.level() == 1 ? slot.l1Index() : slot.l2Slot();
    }
}
