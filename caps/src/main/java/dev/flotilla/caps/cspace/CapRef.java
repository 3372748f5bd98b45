package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;

/**
 * The name of a capability within a CSpace: an address and the level to resolve it to (Barrelfish
 * {@code capaddr_t} plus level).
 *
 * <ul>
 *   <li>level 0 — the CSpace's root L1 CNode capability itself;</li>
 *   <li>level 1 — slot {@code l1Index} of the root CNode (usually holding an L2 CNode);</li>
 *   <li>level 2 — slot {@code l2Slot} of the L2 CNode found in root slot {@code l1Index}.</li>
 * </ul>
 *
 * <p>As a 32-bit address the high 24 bits are the L1 index and the low 8 the L2 slot.
 *
 * @param level   0, 1 or 2.
 * @param l1Index index into the root CNode, below 2^24; 0 at level 0.
 * @param l2Slot  slot in the L2 CNode, below 256; 0 below level 2.
 */
public record CapRef(int level, int l1Index, int l2Slot)
{
    /** The root CNode capability of the CSpace. */
    public static final CapRef ROOT = new CapRef(0, 0, 0);

    private static final int L2_BITS = 8;

    /** @throws CapabilityException {@link ErrorCode#INVALID_CAPREF} if a field is out of its range. */
    public CapRef
    {
        if (level < 0 || level > 2)
        {
            throw new CapabilityException(ErrorCode.INVALID_CAPREF, "level " + level + " is not 0, 1 or 2");
        }
        if (l1Index < 0 || l1Index >= ObjectSizes.L1_CNODE_MAX_SLOTS || level == 0 && l1Index != 0)
        {
            throw new CapabilityException(ErrorCode.INVALID_CAPREF, "L1 index " + l1Index + " at level " + level);
        }
        if (l2Slot < 0 || l2Slot >= ObjectSizes.L2_CNODE_SLOTS || level < 2 && l2Slot != 0)
        {
            throw new CapabilityException(ErrorCode.INVALID_CAPREF, "L2 slot " + l2Slot + " at level " + level);
        }
    }

    /** Slot {@code l1Index} of the root CNode. */
    public static CapRef inRoot(final int l1Index)
    {
        return new CapRef(1, l1Index, 0);
    }

    /** Slot {@code l2Slot} of the L2 CNode in root slot {@code l1Index}. */
    public static CapRef of(final int l1Index, final int l2Slot)
    {
        return new CapRef(2, l1Index, l2Slot);
    }

    /**
     * Decodes a 32-bit capability address as user code passes it.
     *
     * @throws CapabilityException {@link ErrorCode#INVALID_CAPREF} for a bad level, or low bits set below level 2.
     */
    public static CapRef fromAddress(final int address, final int level)
    {
        final int l1 = address >>> L2_BITS;
        final int l2 = address & (ObjectSizes.L2_CNODE_SLOTS - 1);
        if (level < 2 && l2 != 0 || level == 0 && l1 != 0)
        {
            throw new CapabilityException(ErrorCode.INVALID_CAPREF,
                "address 0x" + Integer.toHexString(address) + " has bits below level " + level);
        }
        return new CapRef(level, l1, l2);
    }

    /** The 32-bit address: L1 index in the high 24 bits, L2 slot in the low 8. */
    public int address()
    {
        return l1Index << L2_BITS | l2Slot;
    }

    @Override
    public String toString()
    {
        return switch (level)
        {
            case 0 -> "root";
            case 1 -> "L1[" + l1Index + "]";
            default -> "L1[" + l1Index + "]/" + l2Slot;
        };
    }
}
