package dev.flotilla.lib.vm;

import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.lib.CapOperations;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.mem.MemServClient;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import java.util.List;

/**
 * A dispatcher's own address space with RAM from memserv (Barrelfish's {@code frame_alloc} and
 * {@code vspace_map_one_frame}): {@link #map} takes a block from memserv, retypes it into one frame and maps it
 * read-write; {@link #release} unmaps it, deletes the frame and gives the block back. The page tables come from
 * one block of {@link #TABLE_BYTES} taken at {@link #open}, split in two halves of RAM; {@link #close} revokes
 * the halves (every table dies with them), deletes them and gives the block back, so memserv's free count
 * returns to where it was. Lets domains that link only lib use memory without naming capabilities. One per
 * dispatcher (it takes the dispatcher's slot-allocator CNodes); confined to it; every call blocks the calling
 * user-level thread only.
 */
public final class ScratchMemory
{
    /** The RAM for page tables: 16 tables, enough for many GiB mapped as 2 MiB pages. */
    public static final long TABLE_BYTES = 64 * 1024;

    private final Dispatcher self;
    private final MemServClient memserv;
    private final SlotAllocator slots;
    private final CapRef tables;
    private final List<CapRef> halves;
    private final VSpace vspace;
    private boolean closed;

    private ScratchMemory(final Dispatcher self, final MemServClient memserv, final SlotAllocator slots,
        final CapRef tables, final List<CapRef> halves)
    {
        this.self = self;
        this.memserv = memserv;
        this.slots = slots;
        this.tables = tables;
        this.halves = halves;
        this.vspace = VSpace.create(self.syscalls(), slots, new RamAllocator(self.syscalls(), halves),
            new CapOperations(self));
    }

    /**
     * Asks the SKB which nodes have memory (nearest first), takes page-table RAM from memserv and builds an
     * empty address space. Uses the dispatcher's slot-allocator CNodes.
     */
    public static ScratchMemory open(final Dispatcher self)
    {
        final MemServClient memserv = MemServClient.open(self);
        final SlotAllocator slots = SlotAllocator.forDispatcher();
        final CapRef tables = own(self, slots, memserv.allocate(TABLE_BYTES));
        final List<CapRef> halves = List.of(slots.allocate(), slots.allocate());
        for (int i = 0; i < halves.size(); i++)
        {
            self.syscalls().retype(tables, i * TABLE_BYTES / 2, CapType.RAM, TABLE_BYTES / 2, 1,
                CapRef.inRoot(halves.get(i).l1Index()), halves.get(i).l2Slot());
        }
        return new ScratchMemory(self, memserv, slots, tables, halves);
    }

    /**
     * Gives the page tables' RAM back: the address space ends (every table is revoked with the halves it came
     * from). Release every block first.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final CapRef half : halves)
        {
            self.syscalls().revoke(half);
            self.syscalls().delete(half);
            slots.free(half);
        }
        giveBack(tables);
    }

    /** The nodes with memory, this core's nearest first. */
    public List<Integer> nodes()
    {
        return memserv.nodes();
    }

    /** The address space the blocks are mapped into. */
    public VSpace vspace()
    {
        return vspace;
    }

    /**
     * {@code bytes} of RAM from node {@code node}'s memserv instance, as one frame mapped read-write at
     * {@code address}. On failure nothing stays: the block goes back.
     *
     * @throws FlotillaException as memserv refuses ({@code MEMSERV_INVALID_SIZE}, {@code OUT_OF_MEMORY}, ...) or as
     *         the map does ({@code VSPACE_RANGE_IN_USE}, ...).
     */
    public Block map(final long bytes, final int node, final long address)
    {
        final Syscalls sys = self.syscalls();
        final CapRef ram = own(self, slots, memserv.allocate(bytes, node));
        final long base = sys.identify(ram).base();
        final CapRef frame = slots.allocate();
        boolean retyped = false;
        try
        {
            sys.retype(ram, 0, CapType.FRAME, bytes, 1, CapRef.inRoot(frame.l1Index()), frame.l2Slot());
            retyped = true;
            vspace.map(frame, address, CapRights.READ.or(CapRights.WRITE));
            return new Block(ram, frame, base, bytes, address);
        }
        catch (final RuntimeException e)
        {
            if (retyped)
            {
                sys.delete(frame);
            }
            slots.free(frame);
            giveBack(ram);
            throw e;
        }
    }

    /** Unmaps {@code block}, deletes its frame and gives its RAM back to the instance that handed it out. */
    public void release(final Block block)
    {
        vspace.unmap(block.address());
        self.syscalls().delete(block.frame);
        slots.free(block.frame);
        giveBack(block.ram);
    }

    private void giveBack(final CapRef ram)
    {
        memserv.free(ram);
        slots.free(ram);
    }

    /** Moves a capability that arrived in the receive CNode into a slot of the dispatcher's own. */
    private static CapRef own(final Dispatcher self, final SlotAllocator slots, final CapRef arrived)
    {
        final CapRef own = slots.allocate();
        self.syscalls().copy(arrived, CapRef.inRoot(own.l1Index()), own.l2Slot());
        self.syscalls().delete(arrived);
        return own;
    }

    /**
     * One mapped block: its RAM and frame (held by the dispatcher), its physical base, size and virtual address.
     */
    public static final class Block
    {
        private final CapRef ram;
        private final CapRef frame;
        private final long base;
        private final long bytes;
        private final long address;

        private Block(final CapRef ram, final CapRef frame, final long base, final long bytes, final long address)
        {
            this.ram = ram;
            this.frame = frame;
            this.base = base;
            this.bytes = bytes;
            this.address = address;
        }

        /** Its frame capability, held by the dispatcher: to map the block again after an unmap elsewhere. */
        public CapRef frame()
        {
            return frame;
        }

        /** The physical address of its first byte. */
        public long base()
        {
            return base;
        }

        /** Its size. */
        public long bytes()
        {
            return bytes;
        }

        /** The virtual address it is mapped at. */
        public long address()
        {
            return address;
        }
    }
}
