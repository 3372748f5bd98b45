package dev.flotilla.lib.mem;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.CSpaceLayout;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Hands out free slots of a dispatcher's CSpace (Barrelfish's {@code slot_alloc}): the slots of the L2
 * CNodes the CPU driver left free for it, and, when they run out and it has RAM to grow with, of new L2
 * CNodes it retypes into free root slots.
 *
 * <p>It tracks only which slots it handed out; the CSpace is the truth. A slot handed out and filled
 * must be emptied (the capability deleted) before it is {@linkplain #free freed}. Confined to its
 * dispatcher's core.
 */
public final class SlotAllocator
{
    private static final int SLOTS = ObjectSizes.L2_CNODE_SLOTS;

    private final List<Integer> cnodes = new ArrayList<>();
    private final BitSet used = new BitSet();
    private RamAllocator growth;
    private int nextRootSlot = CSpaceLayout.ROOTCN_FREE_SLOTS;

    /** An allocator over the given root slots, each holding an L2 CNode whose slots are all free. */
    public SlotAllocator(final List<Integer> l2CNodes)
    {
        cnodes.addAll(l2CNodes);
    }

    /** An allocator over the slot-allocator CNodes of a dispatcher's {@link CSpaceLayout}. */
    public static SlotAllocator forDispatcher()
    {
        final List<Integer> l1 = new ArrayList<>();
        for (int i = 0; i < CSpaceLayout.SLOT_ALLOC_CNODES; i++)
        {
            l1.add(CSpaceLayout.ROOTCN_SLOT_SLOT_ALLOC0 + i);
        }
        return new SlotAllocator(l1);
    }

    /** When every slot is taken, grow by one L2 CNode from {@code ram} into the next free root slot. */
    public SlotAllocator growFrom(final RamAllocator ram)
    {
        this.growth = ram;
        return this;
    }

    /**
     * A free slot, now taken.
     *
     * @throws CapabilityException {@code SLOT_ALLOC_NO_SPACE} if none is left and it cannot grow.
     */
    public CapRef allocate()
    {
        int index = used.nextClearBit(0);
        if (index >= cnodes.size() * SLOTS)
        {
            grow();
            index = used.nextClearBit(0);
        }
        used.set(index);
        return CapRef.of(cnodes.get(index / SLOTS), index % SLOTS);
    }

    /** Gives back a slot {@link #allocate} handed out; its capability must already be gone. */
    public void free(final CapRef slot)
    {
        final int cnode = cnodes.indexOf(slot.l1Index());
        if (slot.level() != 2 || cnode < 0 || !used.get(cnode * SLOTS + slot.l2Slot()))
        {
            throw new IllegalArgumentException(slot + " was not handed out by this allocator");
        }
        used.clear(cnode * SLOTS + slot.l2Slot());
    }

    /** Slots that can be handed out without growing. */
    public int freeSlots()
    {
        return cnodes.size() * SLOTS - used.cardinality();
    }

    private void grow()
    {
        if (growth == null || nextRootSlot >= CSpaceLayout.ROOT_SLOTS)
        {
            throw new CapabilityException(ErrorCode.SLOT_ALLOC_NO_SPACE, "all " + cnodes.size() * SLOTS
                + " slots are taken" + (growth == null ? " and there is no RAM to grow by" : " and the root is full"));
        }
        growth.retype(CapType.L2_CNODE, ObjectSizes.L2_CNODE, ObjectSizes.BASE_PAGE, CapRef.inRoot(nextRootSlot));
        cnodes.add(nextRootSlot++);
    }
}
