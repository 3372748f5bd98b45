package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapType;

/**
 * A table of capability slots: the object an L1 or L2 CNode capability names.
 *
 * <p>Its size is fixed at creation (an L1 CNode grows by moving its contents into a bigger one;
 * see {@link ResizeRoot}). An empty slot holds null. Only invocations in this package write slots,
 * always together with the mapping database.
 */
public final class CNode
{
    private final CapType type;
    private final long base;
    private final Cte[] slots;

    CNode(final CapType type, final long base, final int slotCount)
    {
        if (!type.isCNode())
        {
            throw new IllegalArgumentException(type + " is not a CNode type");
        }
        this.type = type;
        this.base = base;
        this.slots = new Cte[slotCount];
    }

    /** {@link CapType#L1_CNODE} or {@link CapType#L2_CNODE}. */
    public CapType type()
    {
        return type;
    }

    /** Physical base address of the table; the identity of the object its capabilities share. */
    public long base()
    {
        return base;
    }

    /** Number of slots. */
    public int slotCount()
    {
        return slots.length;
    }

    /** The entry in {@code slot}, or null if it is empty. */
    public Cte get(final int slot)
    {
        return slots[slot];
    }

    /** True if {@code slot} holds no capability. */
    public boolean isEmpty(final int slot)
    {
        return slots[slot] == null;
    }

    void put(final int slot, final Cte cte)
    {
        slots[slot] = cte;
        cte.place(this, slot);
    }

    void clear(final int slot)
    {
        slots[slot] = null;
    }

    @Override
    public String toString()
    {
        return type + "@0x" + Long.toHexString(base) + "[" + slots.length + "]";
    }
}
