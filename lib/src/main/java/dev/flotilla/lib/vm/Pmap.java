package dev.flotilla.lib.vm;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.CapType;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A domain's x86-64 page tables, built by the domain itself from VNode capabilities (Barrelfish's
 * {@code pmap}): a four-level tree — PML4, PDPT, page directory, page table — whose tables it retypes from
 * its own RAM and installs with map invocations, and whose shadow ({@link PageTable}) it keeps as data to
 * translate addresses.
 *
 * <p>Mapping a frame maps it as 2 MiB pages in page directories where both the virtual and the physical
 * address allow, else as 4 KiB pages, creating missing tables on the way; each run of pages in one table is
 * one map invocation, so one mapping capability under the frame, and one {@link PageRun}. Tables stay when
 * their pages are unmapped, for the next mapping (Barrelfish's pmap keeps them too).
 *
 * <p>The shadow is only a cache of authority the kernel holds: a run leads to memory only while its mapping
 * capability lives. Runs found dead — their frame deleted or revoked — count as free space and are cleared
 * when met. Confined to the domain's dispatcher; every change is a system call.
 */
public final class Pmap
{
    /** The lower half of the 48-bit x86-64 address space: every virtual address is below it. */
    public static final long ADDRESS_SPACE = 1L << 47;

    private final Syscalls syscalls;
    private final SlotAllocator slots;
    private final RamAllocator ram;
    private final PageTable root;
    private final Consumer<CapRef> deleteFrame;
    private int tables = 1;

    private Pmap(final Syscalls syscalls, final SlotAllocator slots, final RamAllocator ram, final PageTable root,
        final Consumer<CapRef> deleteFrame)
    {
        this.syscalls = syscalls;
        this.slots = slots;
        this.ram = ram;
        this.root = root;
        this.deleteFrame = deleteFrame;
    }

    /** An empty address space: a PML4 retyped from {@code ram} into a slot from {@code slots}. */
    public static Pmap create(final Syscalls syscalls, final SlotAllocator slots, final RamAllocator ram)
    {
        return create(syscalls, slots, ram, syscalls::delete);
    }

    /**
     * As {@link #create(Syscalls, SlotAllocator, RamAllocator)}, deleting the frame copies it maps through with
     * {@code deleteFrame}: {@code CapOperations::delete} where frames may have copies on other cores (the copy a
     * mapping holds can be its owner's last on this core, which only the monitors may delete).
     */
    public static Pmap create(final Syscalls syscalls, final SlotAllocator slots, final RamAllocator ram,
        final Consumer<CapRef> deleteFrame)
    {
        final CapRef pml4 = slots.allocate();
        ram.retype(CapType.VNODE_X86_64_PML4, ObjectSizes.VNODE, ObjectSizes.VNODE, pml4);
        return new Pmap(syscalls, slots, ram, new PageTable(CapType.VNODE_X86_64_PML4, pml4, null), deleteFrame);
    }

    /** How many page tables the tree holds, the root included. */
    public int tables()
    {
        return tables;
    }

    /**
     * Maps the first {@code bytes} of {@code frame}, whose physical base is {@code frameBase}, at
     * {@code address} with {@code rights}. The range must be free; on any failure what was mapped is
     * unmapped again.
     *
     * @return the runs made, for {@link #unmap}.
     */
    List<PageRun> map(final CapRef frame, final long frameBase, final long address, final long bytes,
        final CapRights rights)
    {
        if (!isFree(root, address, address + bytes))
        {
            throw new PageFault(ErrorCode.VSPACE_RANGE_IN_USE, address, "map at 0x" + Long.toHexString(address) + ", "
                + bytes + " bytes: part of the range is mapped");
        }
        final List<PageRun> runs = new ArrayList<>();
        try
        {
            for (long offset = 0; offset < bytes; )
            {
                final PageRun run = mapRun(frame, frameBase, address + offset, offset, bytes - offset, rights);
                runs.add(run);
                offset += run.bytes();
            }
            return runs;
        }
        catch (final RuntimeException failure)
        {
            unmap(runs);
            throw failure;
        }
    }

    /** Maps as many pages as one table takes from {@code address}, {@code offset} bytes into the frame. */
    private PageRun mapRun(final CapRef frame, final long frameBase, final long address, final long offset,
        final long remaining, final CapRights rights)
    {
        PageTable table = tableFor(address, CapType.VNODE_X86_64_PDIR);
        final boolean large = address % ObjectSizes.LARGE_PAGE == 0 && (frameBase + offset) % ObjectSizes.LARGE_PAGE == 0
            && remaining >= ObjectSizes.LARGE_PAGE && !(table.entry(table.indexOf(address)) instanceof PageTable);
        if (!large)
        {
            table = tableFor(address, CapType.VNODE_X86_64_PTABLE);
        }
        final int first = table.indexOf(address);
        int count = 0;
        while (first + count < ObjectSizes.VNODE_ENTRIES && (count + 1) * table.entrySpan() <= remaining
            && !(table.entry(first + count) instanceof PageTable))
        {
            reapIfDead(table.entry(first + count));
            count++;
        }
        final CapRef slot = slots.allocate();
        CapRef copy = null;
        final MemorySegment window;
        try
        {
            MemorySegment mapped;
            try
            {
                mapped = syscalls.mapFrame(table.vnode(), frame, first, offset, count, rights, cnodeOf(slot),
                    slot.l2Slot());
            }
            catch (final CapabilityException once)
            {
                if (once.code() != ErrorCode.VM_ALREADY_MAPPED)
                {
                    throw once;
                }
                // The frame capability is mapped already (elsewhere, or by an earlier run of this map): a capability
                // maps at most once, so this run maps a copy of its own.
                copy = slots.allocate();
                syscalls.copy(frame, cnodeOf(copy), copy.l2Slot());
                mapped = syscalls.mapFrame(table.vnode(), copy, first, offset, count, rights, cnodeOf(slot),
                    slot.l2Slot());
            }
            window = mapped;
        }
        catch (final RuntimeException refused)
        {
            if (copy != null)
            {
                dropCopy(copy);
            }
            slots.free(slot);
            throw refused;
        }
        final PageRun run = new PageRun(address, window, rights, slot, table, first, copy);
        for (int i = first; i < first + count; i++)
        {
            table.set(i, run);
        }
        return run;
    }

    /** The table of {@code level} that translates {@code address}, creating the tables above it as needed. */
    private PageTable tableFor(final long address, final CapType level)
    {
        PageTable table = root;
        while (table.type() != level)
        {
            final int index = table.indexOf(address);
            final Object entry = table.entry(index);
            if (entry instanceof PageTable child)
            {
                table = child;
                continue;
            }
            reapIfDead(entry);
            final PageTable child = newTable(table.type().pageTable().child(), table, index);
            table.set(index, child);
            table = child;
        }
        return table;
    }

    private PageTable newTable(final CapType type, final PageTable parent, final int index)
    {
        final CapRef vnode = slots.allocate();
        final CapRef mapping = slots.allocate();
        try
        {
            ram.retype(type, ObjectSizes.VNODE, ObjectSizes.VNODE, vnode);
        }
        catch (final RuntimeException refused)
        {
            slots.free(vnode);
            slots.free(mapping);
            throw refused;
        }
        try
        {
            syscalls.mapTable(parent.vnode(), vnode, index, cnodeOf(mapping), mapping.l2Slot());
        }
        catch (final RuntimeException refused)
        {
            syscalls.delete(vnode);
            slots.free(vnode);
            slots.free(mapping);
            throw refused;
        }
        tables++;
        return new PageTable(type, vnode, mapping);
    }

    /** Unmaps every run still mapped and forgets them all. */
    void unmap(final List<PageRun> runs)
    {
        for (final PageRun run : runs)
        {
            if (run.table().entry(run.firstEntry()) != run)
            {
                continue; // already reaped as dead
            }
            if (run.isLive())
            {
                syscalls.unmap(run.mapping());
            }
            forget(run);
        }
    }

    /**
     * The run that translates {@code address}, dead or alive, or null if nothing is mapped there. A walk
     * of at most four tables.
     */
    PageRun translate(final long address)
    {
        PageTable table = root;
        while (true)
        {
            final Object entry = table.entry(table.indexOf(address));
            if (entry instanceof PageTable child)
            {
                table = child;
            }
            else
            {
                return (PageRun)entry;
            }
        }
    }

    /** True if no live run lies in {@code [from, to)} below {@code table}. */
    private static boolean isFree(final PageTable table, final long from, final long to)
    {
        final long span = table.entrySpan();
        for (long at = from; at < to; at = (at / span + 1) * span)
        {
            final Object entry = table.entry(table.indexOf(at));
            final long end = Math.min(to, (at / span + 1) * span);
            if (entry instanceof PageRun run && run.isLive()
                || entry instanceof PageTable child && !isFree(child, at, end))
            {
                return false;
            }
        }
        return true;
    }

    private void reapIfDead(final Object entry)
    {
        if (entry instanceof PageRun run && !run.isLive())
        {
            forget(run);
        }
    }

    /** Clears a run's entries and frees its mapping slot (the mapping capability is already gone) and its copy. */
    private void forget(final PageRun run)
    {
        for (int i = run.firstEntry(); i < run.firstEntry() + run.entries(); i++)
        {
            run.table().set(i, null);
        }
        slots.free(run.mapping());
        if (run.copy() != null)
        {
            dropCopy(run.copy());
        }
    }

    /** Deletes the frame copy a run mapped through, if a delete or revoke did not already, and frees its slot. */
    private void dropCopy(final CapRef copy)
    {
        try
        {
            deleteFrame.accept(copy);
        }
        catch (final CapabilityException gone)
        {
            if (gone.code() != ErrorCode.CAP_NOT_FOUND)
            {
                throw gone;
            }
        }
        slots.free(copy);
    }

    private static CapRef cnodeOf(final CapRef slot)
    {
        return CapRef.inRoot(slot.l1Index());
    }
}
