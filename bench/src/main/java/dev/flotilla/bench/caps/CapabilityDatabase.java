package dev.flotilla.bench.caps;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CSpace;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.cspace.CoreCapabilities;

/**
 * One core's capability state holding about {@code size} capabilities, made the way a system makes them:
 * 4 KiB frames retyped, 256 at a time, from one large RAM capability into L2 CNodes retyped from another.
 * The benchmarks then work on a separate, small RAM capability ({@link #OPERAND}) and a frame made from it
 * ({@link #FRAME}), so every operation searches and rebalances a tree of the full size.
 *
 * <pre>
 *   root L1 CNode (enough slots for every L2)
 *     [0] RAM for the filler frames      [1] RAM for the L2 CNodes     [2] the operand RAM
 *     [3] L2 scratch CNode: [0] a frame of the operand RAM, [1..] free for the operations
 *     [16..] L2 CNodes full of frames
 * </pre>
 */
final class CapabilityDatabase
{
    static final long PAGE = ObjectSizes.BASE_PAGE;
    /** The RAM the operations retype and revoke: 1 MiB, room for 256 frames. */
    static final CapRef OPERAND = CapRef.inRoot(2);
    /** The scratch CNode, by its root slot. */
    static final CapRef SCRATCH = CapRef.inRoot(3);
    /** A frame of the operand RAM, for copy and identify. */
    static final CapRef FRAME = CapRef.of(3, 0);

    private static final int FIRST_FILLER_CNODE = 16;
    private static final long FILLER_BASE = 1L << 32;

    final CoreCapabilities core = new CoreCapabilities(0);
    final CSpace cspace;

    /** Builds a database of {@code size} capabilities or a few more; {@code size} at least 256. */
    CapabilityDatabase(final int size)
    {
        final int cnodes = Math.ceilDiv(size, ObjectSizes.L2_CNODE_SLOTS);
        final int rootSlots = Math.ceilDiv(FIRST_FILLER_CNODE + cnodes, ObjectSizes.L2_CNODE_SLOTS)
            * ObjectSizes.L2_CNODE_SLOTS;
        cspace = core.createCSpace(0, rootSlots * ObjectSizes.CTE);
        final long fillerBytes = (long)cnodes * ObjectSizes.L2_CNODE_SLOTS * PAGE;
        final long cnodeBase = FILLER_BASE + fillerBytes;
        final long cnodeBytes = (long)(cnodes + 1) * ObjectSizes.L2_CNODE;
        core.create(cspace, CapRef.ROOT, 0, CapType.RAM, FILLER_BASE, fillerBytes);
        core.create(cspace, CapRef.ROOT, 1, CapType.RAM, cnodeBase, cnodeBytes);
        core.create(cspace, CapRef.ROOT, 2, CapType.RAM, cnodeBase + cnodeBytes, 256 * PAGE);
        core.retype(cspace, CapRef.inRoot(1), 0, CapType.L2_CNODE, ObjectSizes.L2_CNODE, 1, CapRef.ROOT, 3);
        core.retype(cspace, CapRef.inRoot(1), ObjectSizes.L2_CNODE, CapType.L2_CNODE, ObjectSizes.L2_CNODE, cnodes,
            CapRef.ROOT, FIRST_FILLER_CNODE);
        for (int i = 0; i < cnodes; i++)
        {
            core.retype(cspace, CapRef.inRoot(0), (long)i * ObjectSizes.L2_CNODE_SLOTS * PAGE, CapType.FRAME, PAGE,
                ObjectSizes.L2_CNODE_SLOTS, CapRef.inRoot(FIRST_FILLER_CNODE + i), 0);
        }
        core.retype(cspace, OPERAND, 0, CapType.FRAME, PAGE, 1, SCRATCH, 0);
    }

    /** Capabilities in the mapping database. */
    int size()
    {
        return core.mdb().size();
    }
}
