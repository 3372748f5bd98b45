package dev.flotilla.platform.memory;

import dev.flotilla.platform.topology.NumaNode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's RAM: one off-heap region with physical addresses {@code [BASE, BASE + size)}, split into
 * one {@link MemoryRegion} per NUMA node (Barrelfish's physical memory, as its boot loader's memory map
 * describes it).
 *
 * <p><b>Who may touch it.</b> Only CPU drivers. The runtime reserves it and hands it to each core's CPU
 * driver, which keeps it private: a domain reaches memory only through a frame it holds a capability for,
 * mapped into its page tables, and then only through the bounded window the CPU driver made for that
 * mapping ({@link #window}). Physical address 0, and everything below {@link #BASE}, is never memory.
 *
 * <p><b>Reservation.</b> On Linux the region is an anonymous {@code mmap(MAP_NORESERVE)}: a gigabyte of
 * physical memory costs nothing until pages are touched, and untouched pages read as zeros. Elsewhere it
 * comes from an arena, committed and zeroed at once. Either way memory that no frame ever used reads as
 * zeros; a frame's memory is zeroed again when the frame is created ({@link #zero}), because an earlier
 * owner may have written it.
 *
 * <p><b>Threads.</b> Every core's CPU driver may call {@link #zero} and {@link #window}, always on ranges
 * that its capabilities name, which the capability system keeps disjoint from those any other owner
 * uses. {@link #close()} is the host's, after every core has stopped: windows made earlier must not be
 * used after it.
 */
public final class PhysicalMemory implements AutoCloseable
{
    /** The first physical address of RAM: 4 GiB, so that 0 and small integers never name memory. */
    public static final long BASE = 0x1_0000_0000L;

    /** The unit of physical memory: every region, frame and window is made of whole 4 KiB pages. */
    public static final long PAGE = 4096;

    /** The most physical memory one boot may have: 1 TiB. */
    public static final long MAX_BYTES = 1L << 40;

    /** Zeroing hands spans of whole 2 MiB units back to the host instead of writing them (a multiple of any host page). */
    private static final long DISCARD_UNIT = 2L << 20;

    private static final PhysicalMemory NONE = new PhysicalMemory(0, List.of(), null, null, false);

    private final long size;
    private final List<MemoryRegion> regions;
    private final Arena arena;
    private final MemorySegment memory;
    private final boolean mapped;
    private boolean closed;

    private PhysicalMemory(final long size, final List<MemoryRegion> regions, final Arena arena,
        final MemorySegment memory, final boolean mapped)
    {
        this.size = size;
        this.regions = List.copyOf(regions);
        this.arena = arena;
        this.memory = memory;
        this.mapped = mapped;
    }

    /** A machine without RAM: no regions, and every range is outside it. */
    public static PhysicalMemory none()
    {
        return NONE;
    }

    /**
     * Reserves {@code bytes} of physical memory split evenly, in whole pages, between {@code nodes} (the last
     * node takes what does not divide); with no nodes, all of it is node 0's.
     *
     * @throws IllegalArgumentException if {@code bytes} is not a multiple of {@link #PAGE}, is above
     *                                  {@link #MAX_BYTES}, or leaves a node without a page.
     */
    public static PhysicalMemory reserve(final long bytes, final List<NumaNode> nodes)
    {
        if (bytes <= 0 || bytes % PAGE != 0 || bytes > MAX_BYTES)
        {
            throw new IllegalArgumentException("physical memory must be a whole number of 4 KiB pages, at most 1 TiB; got "
                + bytes + " bytes");
        }
        final List<Integer> ids = nodes.isEmpty() ? List.of(0) : nodes.stream().map(NumaNode::id).toList();
        final long share = bytes / ids.size() / PAGE * PAGE;
        if (share == 0)
        {
            throw new IllegalArgumentException(bytes + " bytes of physical memory cannot give each of " + ids.size()
                + " NUMA nodes a page");
        }
        final List<MemoryRegion> regions = new ArrayList<>(ids.size());
        long base = BASE;
        for (int i = 0; i < ids.size(); i++)
        {
            final long regionSize = i == ids.size() - 1 ? BASE + bytes - base : share;
            regions.add(new MemoryRegion(ids.get(i), base, regionSize));
            base += regionSize;
        }
        final Arena arena = Arena.ofShared();
        final MemorySegment mapping = AnonymousMapping.map(bytes, arena).orElse(null);
        final MemorySegment memory = mapping != null ? mapping : arena.allocate(bytes, PAGE);
        return new PhysicalMemory(bytes, regions, arena, memory, mapping != null);
    }

    /** Bytes of physical memory; 0 for {@link #none()}. */
    public long size()
    {
        return size;
    }

    /** The first physical address, {@link #BASE}. */
    public long base()
    {
        return BASE;
    }

    /** One past the last physical address. */
    public long end()
    {
        return BASE + size;
    }

    /** One region per NUMA node, ascending and adjacent, covering all of it. */
    public List<MemoryRegion> regions()
    {
        return regions;
    }

    /** How the host backs it: {@code mmap} (pages committed on first touch) or {@code arena} (committed at once). */
    public String backing()
    {
        return memory == null ? "none" : mapped ? "mmap" : "arena";
    }

    /** True if {@code [physical, physical + bytes)} is non-empty and lies inside physical memory. */
    public boolean contains(final long physical, final long bytes)
    {
        return bytes > 0 && physical >= BASE && physical <= end() - bytes;
    }

    /**
     * Zeroes {@code [physical, physical + bytes)}: the CPU driver does this when it creates a frame, so that
     * no data survives from an earlier owner. Large aligned spans are handed back to the host, which reads
     * them as zeros and frees their pages.
     *
     * @throws IllegalArgumentException if the range is not inside physical memory.
     */
    public void zero(final long physical, final long bytes)
    {
        final long offset = offsetOf(physical, bytes);
        long from = offset;
        final long to = offset + bytes;
        if (mapped)
        {
            final long first = Math.ceilDiv(memory.address() + from, DISCARD_UNIT) * DISCARD_UNIT - memory.address();
            final long last = Math.floorDiv(memory.address() + to, DISCARD_UNIT) * DISCARD_UNIT - memory.address();
            if (last > first && AnonymousMapping.discard(memory.address() + first, last - first))
            {
                memory.asSlice(from, first - from).fill((byte)0);
                from = last;
            }
        }
        memory.asSlice(from, to - from).fill((byte)0);
    }

    /**
     * A view of {@code [physical, physical + bytes)} whose lifetime is {@code scope}'s: once the CPU driver
     * closes that arena, Java refuses every access through the view. This is how a mapping reaches memory.
     *
     * @throws IllegalArgumentException if the range is not inside physical memory.
     */
    @SuppressWarnings("restricted")
    public MemorySegment window(final long physical, final long bytes, final Arena scope)
    {
        return memory.asSlice(offsetOf(physical, bytes), bytes).reinterpret(scope, null);
    }

    private long offsetOf(final long physical, final long bytes)
    {
        if (closed || !contains(physical, bytes))
        {
            throw new IllegalArgumentException("[0x" + Long.toHexString(physical) + ", +" + bytes + ") is not inside "
                + (closed ? "open " : "") + "physical memory " + this);
        }
        return physical - BASE;
    }

    /** Releases the host memory. Host side, after every core has stopped. */
    @Override
    public void close()
    {
        if (arena != null && !closed)
        {
            closed = true;
            arena.close();
        }
    }

    @Override
    public String toString()
    {
        return size == 0 ? "none" : "[0x" + Long.toHexString(BASE) + ", 0x" + Long.toHexString(end()) + ")";
    }
}
