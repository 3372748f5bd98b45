package dev.flotilla.lib.mem;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.ErrorCode;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.Syscalls;
import java.util.ArrayList;
import java.util.List;

/**
 * Carves objects out of the RAM capabilities a domain holds, by retype, front to back (the simplest of
 * Barrelfish's {@code ram_alloc} strategies: a domain's early, fixed allocator).
 *
 * <p>Each RAM capability has a cursor; an allocation takes the first capability with room after its
 * cursor, aligned as asked, and moves the cursor past it. Memory is never handed out twice, but neither
 * is it reused: deleting what was made frees the range in the capability system, not here. The kernel
 * refuses anything else — a retype over a live descendant fails with {@code REVOKE_FIRST} — so this
 * allocator's bookkeeping cannot grant memory the domain does not hold.
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

        Pool(final CapRef ram, final Capability capability)
        {
            this.ram = ram;
            this.base = capability.base();
            this.size = capability.size();
        }
    }

    private final Syscalls syscalls;
    private final List<Pool> pools = new ArrayList<>();

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
            final long start = Math.ceilDiv(pool.base + pool.next, alignment) * alignment - pool.base;
            if (start <= pool.size - bytes)
            {
                syscalls.retype(pool.ram, start, type, bytes, 1, cnodeOf(dest), slotOf(dest));
                pool.next = start + bytes;
                return pool.base + start;
            }
        }
        throw new CapabilityException(ErrorCode.OUT_OF_MEMORY, "bytes: " + bytes + " aligned to " + alignment + " but only "
            + available() + " bytes are left, in pieces");
    }

    /** Bytes not yet handed out, over all the RAM capabilities. */
    public long available()
    {
        long left = 0;
        for (final Pool pool : pools)
        {
            left += pool.size - pool.next;
        }
        return left;
    }

    /** The bytes left in the RAM capability with the most room. */
    public long largestAvailable()
    {
        long most = 0;
        for (final Pool pool : pools)
        {
            most = Math.max(most, pool.size - pool.next);
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
