package dev.flotilla.services.memserv;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * A binary buddy allocator over one range of physical addresses — the bookkeeping half of memserv. It hands
 * out naturally aligned blocks of 2^order bytes (order {@value #MIN_ORDER} = 4 KiB and up) and takes them
 * back, merging a freed block with its buddy whenever both are free. It holds no capabilities: memserv
 * turns each block it hands out into a RAM capability retyped from its node's RAM at the block's offset.
 *
 * <p><b>Invariants</b> (checked by {@link #checkInvariants()} in the tests):
 * <ol>
 *   <li>Every block, free or handed out, is naturally aligned: its base is a multiple of its size. So a block
 *       of 2 MiB or more can be mapped with large pages, and the buddy of a block is {@code base ^ size}.</li>
 *   <li>The free blocks and the handed-out blocks are pairwise disjoint and together cover the range
 *       exactly: nothing is lost and nothing is handed out twice.</li>
 *   <li>No block is larger than 2^maxOrder. memserv sets it below the size of a range that is one aligned power
 *       of two: a block with the root capability's exact range would be a copy of the root to the kernel, and
 *       revoking the block when it comes back would delete the root with it.</li>
 *   <li>No two free blocks below maxOrder are buddies of one order: a freed block is merged at once, so the free lists hold
 *       the largest blocks the free memory can form, and a large request fails only when memory is
 *       really fragmented or used.</li>
 *   <li>{@link #free()} is the sum of the free blocks' sizes.</li>
 * </ol>
 * The range need not be a power of two or aligned: it is first cut into the largest aligned blocks that fit
 * (a block's buddy that lies outside the range is never free, so a block never merges out of the range).
 *
 * <p>The free list of each order is sorted by address and a request takes the lowest fitting block, so
 * allocation is deterministic (the same requests give the same addresses on every run).
 */
final class BuddyAllocator
{
    /** The smallest block: one 4 KiB page. */
    static final int MIN_ORDER = 12;
    /** The largest block: 2^62 bytes, more than any range a long can describe in full. */
    static final int MAX_ORDER = 62;

    private final long base;
    private final long size;
    private final int maxOrder;
    /** free[order]: bases of the free blocks of 2^order bytes, ascending. */
    private final NavigableSet<Long>[] free;
    /** Handed-out blocks: base to order. */
    private final Map<Long, Integer> used = new HashMap<>();
    private long freeBytes;

    /**
     * @param base     the first address, 4 KiB-aligned.
     * @param size     the bytes, a positive multiple of 4 KiB.
     * @param maxOrder the largest block is 2^maxOrder bytes ({@value #MIN_ORDER}..{@value #MAX_ORDER}).
     */
    @SuppressWarnings("unchecked")
    BuddyAllocator(final long base, final long size, final int maxOrder)
    {
        if (maxOrder < MIN_ORDER || maxOrder > MAX_ORDER)
        {
            throw new IllegalArgumentException("the largest block's order must be " + MIN_ORDER + ".." + MAX_ORDER);
        }
        this.maxOrder = maxOrder;
        if (base < 0 || size <= 0 || base % (1L << MIN_ORDER) != 0 || size % (1L << MIN_ORDER) != 0
            || base + size < base)
        {
            throw new IllegalArgumentException("a buddy range must be whole pages: base " + base + ", size " + size);
        }
        this.base = base;
        this.size = size;
        this.free = new NavigableSet[MAX_ORDER + 1];
        for (int order = 0; order <= MAX_ORDER; order++)
        {
            free[order] = new TreeSet<>();
        }
        long at = base;
        final long end = base + size;
        while (at < end)
        {
            int order = Math.min(Long.numberOfTrailingZeros(at), maxOrder);
            while (at + (1L << order) > end || at + (1L << order) < at)
            {
                order--;
            }
            free[order].add(at);
            at += 1L << order;
        }
        freeBytes = size;
    }

    /** The order of a request of {@code bytes}: its base-2 logarithm. */
    static int orderOf(final long bytes)
    {
        if (bytes < (1L << MIN_ORDER) || Long.bitCount(bytes) != 1)
        {
            throw new FlotillaException(ErrorCode.MEMSERV_INVALID_SIZE, bytes + " bytes: RAM comes in powers of two"
                + " of at least 4 KiB");
        }
        return Long.numberOfTrailingZeros(bytes);
    }

    /**
     * Hands out the lowest free block of {@code bytes} (a power of two, at least 4 KiB) that lies inside
     * {@code [from, limit)}, splitting a larger block where no block of that size is free.
     *
     * @return the block's base.
     * @throws FlotillaException {@code MEMSERV_INVALID_SIZE}, {@code MEMSERV_INVALID_RANGE} for a range that
     *         does not meet this allocator's, {@code OUT_OF_MEMORY} when no block fits; nothing changed.
     */
    long allocate(final long bytes, final long from, final long limit)
    {
        final int order = orderOf(bytes);
        final long lo = Math.max(from, base);
        final long hi = Math.min(limit, base + size);
        if (order > maxOrder || from <= base && limit >= base + size && size < bytes)
        {
            throw new FlotillaException(ErrorCode.OUT_OF_MEMORY, bytes + " bytes: the largest block " + this + " holds is "
                + (1L << maxOrder));
        }
        if (lo >= hi || hi - lo < bytes)
        {
            throw new FlotillaException(ErrorCode.MEMSERV_INVALID_RANGE, "no " + bytes + "-byte block fits in ["
                + hex(from) + ", " + hex(limit) + ") within " + this);
        }
        for (int k = order; k <= maxOrder; k++)
        {
            // A free block of order k that may hold an aligned block of the order inside [lo, hi).
            final long lowestStart = lo - (1L << k) + 1;
            for (final long block : free[k].subSet(lowestStart, true, hi, false))
            {
                final long at = Math.max(block, alignUp(lo, bytes));
                if (at + bytes <= Math.min(block + (1L << k), hi))
                {
                    take(block, k, at, order);
                    return at;
                }
            }
        }
        throw new FlotillaException(ErrorCode.OUT_OF_MEMORY, "no free " + bytes + "-byte block in [" + hex(lo) + ", "
            + hex(hi) + ") of " + this + ": " + freeBytes + " bytes free, largest block " + largestFree());
    }

    /** Splits the free block {@code block} of order {@code k} down to the block {@code at} of {@code order}. */
    private void take(final long block, final int k, final long at, final int order)
    {
        free[k].remove(block);
        long current = block;
        for (int o = k; o > order; o--)
        {
            final long half = 1L << (o - 1);
            // Keep the half holding `at`; its buddy becomes free (invariant 3 holds: its buddy is not free).
            if (at >= current + half)
            {
                free[o - 1].add(current);
                current += half;
            }
            else
            {
                free[o - 1].add(current + half);
            }
        }
        used.put(at, order);
        freeBytes -= 1L << order;
    }

    /**
     * Takes back the block at {@code block}, merging it with its buddy while the buddy is free.
     *
     * @return the block's size.
     * @throws FlotillaException {@code MEMSERV_NOT_ALLOCATED} if no block handed out starts there.
     */
    long free(final long block)
    {
        final Integer order = used.remove(block);
        if (order == null)
        {
            throw new FlotillaException(ErrorCode.MEMSERV_NOT_ALLOCATED, "no block handed out starts at " + hex(block)
                + " in " + this);
        }
        freeBytes += 1L << order;
        long at = block;
        int o = order;
        while (o < maxOrder && free[o].remove(at ^ (1L << o)))
        {
            at = Math.min(at, at ^ (1L << o));
            o++;
        }
        free[o].add(at);
        return 1L << order;
    }

    /** The size of the handed-out block at {@code block}, if one starts there. */
    OptionalLong sizeOf(final long block)
    {
        final Integer order = used.get(block);
        return order == null ? OptionalLong.empty() : OptionalLong.of(1L << order);
    }

    /** Whether {@code [from, limit)} meets this allocator's range. */
    boolean meets(final long from, final long limit)
    {
        return from < base + size && limit > base;
    }

    long base()
    {
        return base;
    }

    long size()
    {
        return size;
    }

    /** Bytes in free blocks. */
    long free()
    {
        return freeBytes;
    }

    /** How many blocks are handed out. */
    int handedOut()
    {
        return used.size();
    }

    /** The size of the largest free block, 0 if none. */
    long largestFree()
    {
        for (int order = MAX_ORDER; order >= 0; order--)
        {
            if (!free[order].isEmpty())
            {
                return 1L << order;
            }
        }
        return 0;
    }

    /**
     * Checks invariants 1–5 of the class comment.
     *
     * @throws IllegalStateException naming the first that fails.
     */
    void checkInvariants()
    {
        final TreeSet<long[]> blocks = new TreeSet<>((a, b) -> Long.compare(a[0], b[0]));
        long sum = 0;
        for (int order = 0; order <= MAX_ORDER; order++)
        {
            for (final long block : free[order])
            {
                if (order > maxOrder || order < maxOrder && free[order].contains(block ^ (1L << order)))
                {
                    throw new IllegalStateException("free buddies not merged: " + hex(block) + " order " + order);
                }
                blocks.add(new long[] {block, 1L << order});
                sum += 1L << order;
            }
        }
        if (sum != freeBytes)
        {
            throw new IllegalStateException("free bytes " + freeBytes + " but free blocks sum to " + sum);
        }
        used.forEach((block, order) -> blocks.add(new long[] {block, 1L << order}));
        long at = base;
        for (final long[] block : blocks)
        {
            if (block[0] % block[1] != 0)
            {
                throw new IllegalStateException("block " + hex(block[0]) + " of " + block[1] + " is not aligned");
            }
            if (block[0] != at)
            {
                throw new IllegalStateException("blocks do not tile the range at " + hex(at) + ": next " + hex(block[0]));
            }
            at += block[1];
        }
        if (at != base + size)
        {
            throw new IllegalStateException("blocks end at " + hex(at) + ", the range at " + hex(base + size));
        }
    }

    private static long alignUp(final long value, final long alignment)
    {
        return (value + alignment - 1) & -alignment;
    }

    static String hex(final long value)
    {
        return "0x" + Long.toHexString(value);
    }

    @Override
    public String toString()
    {
        return "[" + hex(base) + ", " + hex(base + size) + ")";
    }
}
