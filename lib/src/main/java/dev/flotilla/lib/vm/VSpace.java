package dev.flotilla.lib.vm;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.lib.CapOperations;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A domain's virtual address space on one core: frames mapped at virtual addresses through its own
 * {@link Pmap}, and reads and writes at virtual addresses (Barrelfish's {@code vspace} with its regions,
 * and the MMU's part of every access).
 *
 * <p>Every access is translated by walking the domain's page tables — cached for the last few page runs
 * touched, in a {@link TranslationCache} (the TLB) — then checked against the rights of the mapping, then made
 * through the window the CPU driver returned for that mapping. An access fails with a {@link PageFault} naming the
 * address when nothing is mapped there, when a write meets a page mapped without the write right, and
 * when the mapping was removed: by {@link #unmap}, or by a delete or revoke of the frame anywhere on the
 * core. The last is not a check this class could forget: the kernel closed the mapping's arena, so Java
 * itself refuses the access, and no access can reach memory the domain no longer holds.
 *
 * <p>A domain that spans cores has one address space per dispatcher, each with its own TLB; when one of them
 * unmaps a region, the others drop theirs at the same address in a TLB shootdown ({@link #shootdown}, called by
 * {@link Shootdowns} when the monitor asks).
 *
 * <p>Longs are accessed at 8-byte-aligned addresses, so one never spans two pages. Confined to the
 * domain's dispatcher, as its pmap is.
 */
public final class VSpace
{
    private final Syscalls syscalls;
    private final Pmap pmap;
    private final Map<Long, List<PageRun>> regions = new HashMap<>();
    private final TranslationCache tlb = new TranslationCache();

    private VSpace(final Syscalls syscalls, final Pmap pmap)
    {
        this.syscalls = syscalls;
        this.pmap = pmap;
    }

    /** An empty address space whose page tables come from {@code ram} and whose capabilities go to {@code slots}. */
    public static VSpace create(final Syscalls syscalls, final SlotAllocator slots, final RamAllocator ram)
    {
        return new VSpace(syscalls, Pmap.create(syscalls, slots, ram));
    }

    /**
     * As {@link #create(Syscalls, SlotAllocator, RamAllocator)} for a dispatcher whose frames may have copies on
     * other cores: the frame copies its mappings hold are deleted through {@code ops}, which asks the monitors
     * where the CPU driver may not delete alone.
     */
    public static VSpace create(final Syscalls syscalls, final SlotAllocator slots, final RamAllocator ram,
        final CapOperations ops)
    {
        return new VSpace(syscalls, Pmap.create(syscalls, slots, ram, ops::delete));
    }

    /** The page tables. */
    public Pmap pmap()
    {
        return pmap;
    }

    /** Maps all of {@code frame} at {@code address}; see {@link #map(CapRef, long, long, CapRights)}. */
    public void map(final CapRef frame, final long address, final CapRights rights)
    {
        map(frame, address, syscalls.identify(frame).size(), rights);
    }

    /**
     * Maps the first {@code bytes} of {@code frame} (which needs the {@code IDENTIFY} right) at
     * {@code address} with {@code rights}, which must include {@code READ}.
     *
     * @throws PageFault           {@code VSPACE_INVALID_ADDRESS} for an unaligned or out-of-range address
     *                             or size, {@code VSPACE_RANGE_IN_USE} if part of the range is mapped.
     * @throws CapabilityException as the map invocations refuse: rights, frame size, memory for tables.
     */
    public void map(final CapRef frame, final long address, final long bytes, final CapRights rights)
    {
        if (address < 0 || bytes <= 0 || address % ObjectSizes.BASE_PAGE != 0 || bytes % ObjectSizes.BASE_PAGE != 0
            || address > Pmap.ADDRESS_SPACE - bytes)
        {
            throw new PageFault(ErrorCode.VSPACE_INVALID_ADDRESS, address, "map at 0x" + Long.toHexString(address) + ", "
                + bytes + " bytes: both must be multiples of 4 KiB inside the 47-bit address space");
        }
        final Capability identity = syscalls.identify(frame);
        if (bytes > identity.size())
        {
            throw new CapabilityException(ErrorCode.VM_MAP_SIZE, "bytes: " + bytes + " but " + frame + " holds "
                + identity.size());
        }
        regions.put(address, pmap.map(frame, identity.base(), address, bytes, rights));
    }

    /**
     * Unmaps the region mapped at {@code address} by one {@link #map} call: its mapping capabilities are
     * deleted, and the kernel closes their windows.
     *
     * @throws PageFault {@code VSPACE_NOT_MAPPED} if no region starts there.
     */
    public void unmap(final long address)
    {
        final List<PageRun> runs = regions.remove(address);
        if (runs == null)
        {
            throw new PageFault(ErrorCode.VSPACE_NOT_MAPPED, address, "unmap at 0x" + Long.toHexString(address)
                + ": no mapped region starts there");
        }
        tlb.invalidate(address, bytes(runs));
        pmap.unmap(runs);
    }

    /**
     * The shootdown of a region that a dispatcher of this domain on another core unmapped at {@code address}:
     * every translation of it in this TLB is dropped, and the region this address space maps there, if any, is
     * unmapped as by {@link #unmap}. Afterwards no access here reaches it ({@code VSPACE_NOT_MAPPED}).
     *
     * @return true if a region was mapped there (false: nothing to drop, which is not an error — this core may
     *         never have touched the page).
     */
    public boolean shootdown(final long address)
    {
        final List<PageRun> runs = regions.remove(address);
        if (runs == null)
        {
            tlb.invalidate(address, ObjectSizes.BASE_PAGE);
            return false;
        }
        tlb.invalidate(address, bytes(runs));
        pmap.unmap(runs);
        return true;
    }

    /** True if this address space's TLB holds a translation of {@code address} (for tests and reports). */
    public boolean cachesTranslation(final long address)
    {
        return tlb.holds(address, 1);
    }

    /** Translations dropped by unmaps and shootdowns so far. */
    public long tlbInvalidations()
    {
        return tlb.invalidations();
    }

    private static long bytes(final List<PageRun> runs)
    {
        final PageRun last = runs.getLast();
        return last.virtualBase() + last.bytes() - runs.getFirst().virtualBase();
    }

    /** True if an access at {@code address} would reach memory now. */
    public boolean isMapped(final long address)
    {
        final PageRun run = address >= 0 && address < Pmap.ADDRESS_SPACE ? pmap.translate(address) : null;
        return run != null && run.isLive();
    }

    /** Reads the long at {@code address}, a multiple of 8. */
    public long readLong(final long address)
    {
        final PageRun run = page(address, Long.BYTES, false);
        try
        {
            return run.window().get(ValueLayout.JAVA_LONG, address - run.virtualBase());
        }
        catch (final IllegalStateException closed)
        {
            throw removed(address, "read");
        }
    }

    /** Writes the long at {@code address}, a multiple of 8. */
    public void writeLong(final long address, final long value)
    {
        final PageRun run = page(address, Long.BYTES, true);
        try
        {
            run.window().set(ValueLayout.JAVA_LONG, address - run.virtualBase(), value);
        }
        catch (final IllegalStateException closed)
        {
            throw removed(address, "write");
        }
    }

    /** Reads the byte at {@code address}. */
    public byte readByte(final long address)
    {
        final PageRun run = page(address, 1, false);
        try
        {
            return run.window().get(ValueLayout.JAVA_BYTE, address - run.virtualBase());
        }
        catch (final IllegalStateException closed)
        {
            throw removed(address, "read");
        }
    }

    /** Writes the byte at {@code address}. */
    public void writeByte(final long address, final byte value)
    {
        final PageRun run = page(address, 1, true);
        try
        {
            run.window().set(ValueLayout.JAVA_BYTE, address - run.virtualBase(), value);
        }
        catch (final IllegalStateException closed)
        {
            throw removed(address, "write");
        }
    }

    /** Copies {@code length} bytes from {@code address} on into {@code into} from {@code offset}; pages may differ. */
    public void read(final long address, final byte[] into, final int offset, final int length)
    {
        copy(address, into, offset, length, false);
    }

    /** Copies {@code length} bytes of {@code from}, from {@code offset}, to {@code address} on. */
    public void write(final long address, final byte[] from, final int offset, final int length)
    {
        copy(address, from, offset, length, true);
    }

    private void copy(final long address, final byte[] array, final int offset, final int length, final boolean write)
    {
        Objects.checkFromIndexSize(offset, length, array.length);
        int done = 0;
        while (done < length)
        {
            final long at = address + done;
            final PageRun run = page(at, 1, write);
            final long into = at - run.virtualBase();
            final int chunk = (int)Math.min(length - done, run.bytes() - into);
            try
            {
                if (write)
                {
                    MemorySegment.copy(array, offset + done, run.window(), ValueLayout.JAVA_BYTE, into, chunk);
                }
                else
                {
                    MemorySegment.copy(run.window(), ValueLayout.JAVA_BYTE, into, array, offset + done, chunk);
                }
            }
            catch (final IllegalStateException closed)
            {
                throw removed(at, write ? "write" : "read");
            }
            done += chunk;
        }
    }

    /** The live run that translates an access of {@code size} bytes at {@code address}, from the TLB or the tables. */
    private PageRun page(final long address, final int size, final boolean write)
    {
        PageRun run = tlb.lookup(address);
        if (run == null)
        {
            run = walk(address, write);
        }
        if (write && !run.writable())
        {
            if (!run.isLive())
            {
                throw removed(address, "write");
            }
            throw new PageFault(ErrorCode.VSPACE_WRITE_PROTECTED, address, "write to 0x" + Long.toHexString(address)
                + " without the write right: the page is mapped " + run.rights());
        }
        if ((address & (size - 1)) != 0)
        {
            throw new PageFault(ErrorCode.VSPACE_INVALID_ADDRESS, address, (write ? "write" : "read") + " of " + size
                + " bytes at 0x" + Long.toHexString(address) + ": not a multiple of " + size);
        }
        return run;
    }

    private PageRun walk(final long address, final boolean write)
    {
        final String access = write ? "write" : "read";
        if (address < 0 || address >= Pmap.ADDRESS_SPACE)
        {
            throw new PageFault(ErrorCode.VSPACE_INVALID_ADDRESS, address, access + " at 0x" + Long.toHexString(address)
                + ": outside the 47-bit address space");
        }
        final PageRun run = pmap.translate(address);
        if (run == null)
        {
            throw new PageFault(ErrorCode.VSPACE_NOT_MAPPED, address, access + " at 0x" + Long.toHexString(address)
                + ": nothing is mapped there");
        }
        if (!run.isLive())
        {
            throw removed(address, access);
        }
        tlb.fill(run);
        return run;
    }

    private PageFault removed(final long address, final String access)
    {
        flush();
        return new PageFault(ErrorCode.VSPACE_NOT_MAPPED, address, access + " at 0x" + Long.toHexString(address)
            + ": its mapping was removed (the frame was unmapped, deleted or revoked)");
    }

    private void flush()
    {
        tlb.flush();
    }
}
