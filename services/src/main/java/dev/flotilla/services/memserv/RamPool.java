package dev.flotilla.services.memserv;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.cspace.RemoteRelations;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.lib.CapOperations;
import dev.flotilla.lib.mem.SlotAllocator;
import java.util.HashMap;
import java.util.Map;

/**
 * One NUMA node's RAM as one memserv instance serves it: a root RAM capability and a {@link BuddyAllocator}
 * over its range. A block handed out is a RAM capability retyped from the root at the block's offset; the pool
 * keeps one copy of it (to revoke when it comes back) and gives the client another.
 *
 * <p><b>Invariants.</b> (1) The root has a live descendant exactly where the buddy has a block handed out:
 * a held copy per block, and nothing else, so a retype at a free block's offset never meets REVOKE_FIRST.
 * (2) A block given back is revoked and then deleted here before the buddy takes it back: the revoke deletes
 * every copy and descendant on every core — the one that came back, the CPU driver's record of the copy sent
 * away, a client's leftovers here or on its own core (distributed revoke, through the monitors when copies
 * went to other cores: {@link CapOperations}) — so (1) holds again. {@link #free} must therefore run in a
 * user-level thread.
 *
 * <p>Core-confined, like its dispatcher.
 */
final class RamPool
{
    private final int node;
    private final CapRef root;
    private final BuddyAllocator buddy;
    private final Syscalls syscalls;
    private final SlotAllocator slots;
    private final int core;
    private final CapOperations ops;
    /** The held copy of each block handed out, by base. */
    private final Map<Long, CapRef> held = new HashMap<>();

    RamPool(final int node, final CapRef root, final long base, final long size, final Syscalls syscalls,
        final SlotAllocator slots, final int core, final CapOperations ops)
    {
        this.ops = ops;
        this.node = node;
        this.root = root;
        this.buddy = new BuddyAllocator(base, size, largestOrder(size));
        this.syscalls = syscalls;
        this.slots = slots;
        this.core = core;
    }

    /**
     * The largest block of a pool of {@code size} bytes: the largest power of two in it, halved when that is the
     * whole pool, so that no block has the root's range (buddy invariant 5).
     */
    static int largestOrder(final long size)
    {
        final int order = 63 - Long.numberOfLeadingZeros(size);
        return Math.max(BuddyAllocator.MIN_ORDER, Long.bitCount(size) == 1 ? order - 1 : order);
    }

    int node()
    {
        return node;
    }

    BuddyAllocator buddy()
    {
        return buddy;
    }

    /**
     * A block of {@code bytes} inside {@code [lowest, limit)} as a RAM capability in a slot of this dispatcher
     * (the held copy: the caller sends it and keeps it).
     */
    CapRef allocate(final long bytes, final long lowest, final long limit)
    {
        final long base = buddy.allocate(bytes, lowest, limit == 0 ? Long.MAX_VALUE : limit);
        if (bytes == buddy.size())
        {
            // a one-page pool: its only block would be the root itself (buddy invariant 3), so it has none to give
            buddy.free(base);
            throw new FlotillaException(ErrorCode.OUT_OF_MEMORY, "memserv." + node + " has a single page, which it"
                + " cannot hand out apart from its root");
        }
        final CapRef slot;
        try
        {
            slot = slots.allocate();
        }
        catch (final RuntimeException e)
        {
            buddy.free(base);
            throw e;
        }
        try
        {
            syscalls.retype(root, base - buddy.base(), CapType.RAM, bytes, 1, CapRef.inRoot(slot.l1Index()),
                slot.l2Slot());
        }
        catch (final RuntimeException e)
        {
            slots.free(slot);
            buddy.free(base);
            throw e;
        }
        held.put(base, slot);
        return slot;
    }

    /** Whether {@code base} lies in this pool's range. */
    boolean holds(final long base)
    {
        return base >= buddy.base() && base < buddy.base() + buddy.size();
    }

    /**
     * Takes back the block {@code returned} names (a copy in this dispatcher's receive slot, deleted here
     * whatever the outcome).
     *
     * @return the block's base address.
     * @throws FlotillaException {@code MEMSERV_NOT_ALLOCATED} for anything but RAM this pool handed out and has
     *         not taken back; {@code MEMSERV_RETYPED} if something was made from it (here or, as far as this core
     *         knows, on the core it came from). Nothing changed then.
     */
    long free(final CapRef returned)
    {
        final CapabilityRecord record = syscalls.describe(returned);
        final var cap = record.capability();
        final CapRef copy = held.get(cap.base());
        if (cap.type() != CapType.RAM || copy == null || buddy.sizeOf(cap.base()).orElse(-1) != cap.size())
        {
            throw new FlotillaException(ErrorCode.MEMSERV_NOT_ALLOCATED, cap + " is not a block memserv." + node
                + " handed out");
        }
        if ((record.relations() & RemoteRelations.DESCENDANTS) != 0)
        {
            throw new FlotillaException(ErrorCode.MEMSERV_RETYPED, cap + " has descendants on core " + record.owner()
                + ": delete what was made from it first");
        }
        probeUnretyped(copy, cap);
        ops.revoke(copy); // every copy on every core, the one that came back among them (invariant 2)
        syscalls.delete(copy);
        slots.free(copy);
        held.remove(cap.base());
        buddy.free(cap.base());
        return cap.base();
    }

    /**
     * Takes back the block at {@code base} without a copy coming back: its client closed the binding it went out on
     * (it ended, and its CSpace with its copy went with it). Revokes this pool's copy — every copy and everything
     * made from it goes — and frees the block; returns false, changing nothing, if copies went to other cores
     * (the CPU driver sends that revoke to the monitors): then call {@link #reclaimEverywhere} in a thread.
     */
    boolean reclaim(final long base)
    {
        final CapRef copy = held.get(base);
        if (copy == null)
        {
            return true; // freed meanwhile
        }
        try
        {
            syscalls.revoke(copy);
        }
        catch (final CapabilityException remote)
        {
            if (remote.code() == ErrorCode.RETRY_THROUGH_MONITOR)
            {
                return false;
            }
            throw remote;
        }
        takeBack(base, copy);
        return true;
    }

    /** As {@link #reclaim}, the revoke reaching every core through the monitors; call it in a user-level thread. */
    void reclaimEverywhere(final long base)
    {
        final CapRef copy = held.get(base);
        if (copy != null)
        {
            ops.revoke(copy);
            takeBack(base, copy);
        }
    }

    private void takeBack(final long base, final CapRef copy)
    {
        held.remove(base);
        syscalls.delete(copy);
        slots.free(copy);
        buddy.free(base);
    }

    /**
     * Asks whether anything on any core was made from the block: a retype of the whole block is refused with
     * REVOKE_FIRST exactly then (the retype rules are the kernel's and the owner's, not memserv's to repeat).
     */
    private void probeUnretyped(final CapRef copy, final dev.flotilla.caps.Capability cap)
    {
        final CapRef probe = slots.allocate();
        try
        {
            // through the owner (the client, when it kept the ownership: its copy was not the only one when it
            // sent it back), which asks every core: a descendant anywhere refuses the retype
            ops.retype(copy, 0, CapType.RAM, cap.size(), 1, CapRef.inRoot(probe.l1Index()), probe.l2Slot());
            syscalls.delete(probe);
        }
        catch (final CapabilityException e)
        {
            if (e.code() == ErrorCode.REVOKE_FIRST)
            {
                throw new FlotillaException(ErrorCode.MEMSERV_RETYPED, cap + " was retyped: delete what was made"
                    + " from it first");
            }
            throw e;
        }
        finally
        {
            slots.free(probe);
        }
    }
}
