package dev.flotilla.kernel;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CSpace;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.cspace.CoreCapabilities;

/**
 * The well-known layout of the CSpace a CPU driver builds for each dispatcher it creates (Barrelfish's
 * {@code ROOTCN_SLOT_*} and {@code TASKCN_SLOT_*}, numbered as Barrelfish numbers the ones it shares).
 *
 * <pre>
 *   root L1 CNode, 256 slots
 *     [0]  TASKCN       L2: [0] RAM the spawner gave this dispatcher (empty if none; [0..7] for memserv)
 *                           [8] the Kernel capability: the first dispatcher (the monitor) only
 *                           [9] the SKB write capability, if the spawner gave one
 *                           [10] this dispatcher's DISPATCHER capability, made by the CPU driver
 *     [1]  PAGECN       L2: free for the pmap's page tables and mapping capabilities
 *     [3]  SUPERCN      L2: init on core 0 only: the initial RAM capabilities, one per NUMA node
 *     [4]  RECEIVECN    L2: capabilities that arrived with messages (the dispatcher runtime allocates it)
 *     [5]  ENDPOINTCN   L2: the END_POINT capabilities of the channels the dispatcher bound (the runtime's)
 *     [7]  SLOT_ALLOC0  L2: free
 *     [8]  SLOT_ALLOC1  L2: free
 *     [9]  SLOT_ALLOC2  L2: free
 *     [16..255]         free root slots, for L2 CNodes the dispatcher makes from its own RAM
 * </pre>
 * The CNodes come from kernel memory ({@link KernelMemory}); every capability in them has every right.
 */
public final class CSpaceLayout
{
    /** Slots of the root CNode: the smallest L1 CNode, 16 KiB. */
    public static final int ROOT_SLOTS = (int)(ObjectSizes.L2_CNODE / ObjectSizes.CTE);
    /** The task CNode: what the dispatcher is given. */
    public static final int ROOTCN_SLOT_TASKCN = 0;
    /** A free CNode for the pmap's page-table and mapping capabilities. */
    public static final int ROOTCN_SLOT_PAGECN = 1;
    /** Init on core 0: the initial RAM capabilities. */
    public static final int ROOTCN_SLOT_SUPERCN = 3;
    /** Capabilities that arrived with messages: the dispatcher runtime's receive slots. */
    public static final int ROOTCN_SLOT_RECEIVECN = 4;
    /**
     * The END_POINT capabilities of the channels this dispatcher bound: the dispatcher runtime moves each endpoint
     * it {@linkplain Syscalls#bindEndpoint binds} here from the receive slot it arrived in, and deletes it when it
     * lets the channel go.
     */
    public static final int ROOTCN_SLOT_ENDPOINTCN = 5;
    /** The first of three free CNodes for the dispatcher's slot allocator. */
    public static final int ROOTCN_SLOT_SLOT_ALLOC0 = 7;
    /** How many slot-allocator CNodes there are, from {@link #ROOTCN_SLOT_SLOT_ALLOC0} on. */
    public static final int SLOT_ALLOC_CNODES = 3;
    /** The first root slot the layout leaves free. */
    public static final int ROOTCN_FREE_SLOTS = 16;
    /** The task CNode's slot of the RAM the spawner gave. */
    public static final int TASKCN_SLOT_RAM = 0;
    /**
     * The task CNode's slot of the Kernel capability (Barrelfish's {@code TASKCN_SLOT_KERNELCAP}): the CPU driver
     * puts one only in the CSpace of its first dispatcher, the monitor, and the monitor's system calls (making
     * a copy another core sent) look for it here.
     */
    public static final int TASKCN_SLOT_KERNELCAP = 8;
    /**
     * The task CNode's slot of the SKB write capability: core 0's monitor puts a copy here for the programs it
     * trusts (its boot services and its boot task); the SKB lets only holders add or retract facts.
     */
    public static final int TASKCN_SLOT_SKB_WRITE = 9;
    /**
     * The task CNode's slot of the dispatcher's own DISPATCHER capability (Barrelfish's
     * {@code TASKCN_SLOT_DISPATCHER}, renumbered: slots 1..7 are the memory service's RAM). The CPU driver makes
     * it when it adds the dispatcher; the spawner keeps a copy, from which its monitor derives the END_POINT
     * capabilities of the channels it binds for the dispatcher (the dispatcher is their listener).
     */
    public static final int TASKCN_SLOT_DISPATCHER = 10;

    private CSpaceLayout()
    {
    }

    /** The RAM capability the dispatcher's spawner gave it, if any. */
    public static CapRef taskRam()
    {
        return CapRef.of(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_RAM);
    }

    /**
     * The {@code index}th RAM capability the spawner gave (0 is {@link #taskRam()}); a spawner gives several
     * only to the memory service, one per NUMA node, at most {@link #TASKCN_SLOT_KERNELCAP} of them.
     */
    public static CapRef taskRam(final int index)
    {
        if (index < 0 || index >= TASKCN_SLOT_KERNELCAP)
        {
            throw new IllegalArgumentException("task RAM slots are 0.." + (TASKCN_SLOT_KERNELCAP - 1) + ", not " + index);
        }
        return CapRef.of(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_RAM + index);
    }

    /** The SKB write capability the spawner gave, if it gave one. */
    public static CapRef skbWrite()
    {
        return CapRef.of(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_SKB_WRITE);
    }

    /** The dispatcher's own DISPATCHER capability. */
    public static CapRef dispatcherCap()
    {
        return CapRef.of(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_DISPATCHER);
    }

    /** Slot {@code slot} of the CNode of bound endpoints. */
    public static CapRef endpoint(final int slot)
    {
        return CapRef.of(ROOTCN_SLOT_ENDPOINTCN, slot);
    }

    /** The Kernel capability, in the monitor's CSpace only. */
    public static CapRef kernelCap()
    {
        return CapRef.of(ROOTCN_SLOT_TASKCN, TASKCN_SLOT_KERNELCAP);
    }

    /** The {@code index}th initial RAM capability, in init's CSpace on core 0. */
    public static CapRef superRam(final int index)
    {
        return CapRef.of(ROOTCN_SLOT_SUPERCN, index);
    }

    /** Builds a CSpace of this layout from kernel memory; with {@code superCNode} it also has a SUPERCN. */
    static CSpace build(final CoreCapabilities caps, final KernelMemory memory, final boolean superCNode)
    {
        final CSpace cspace = caps.createCSpace(memory.allocate(ObjectSizes.L2_CNODE), ObjectSizes.L2_CNODE);
        addL2(caps, memory, cspace, ROOTCN_SLOT_TASKCN);
        addL2(caps, memory, cspace, ROOTCN_SLOT_PAGECN);
        addL2(caps, memory, cspace, ROOTCN_SLOT_RECEIVECN);
        addL2(caps, memory, cspace, ROOTCN_SLOT_ENDPOINTCN);
        if (superCNode)
        {
            addL2(caps, memory, cspace, ROOTCN_SLOT_SUPERCN);
        }
        for (int i = 0; i < SLOT_ALLOC_CNODES; i++)
        {
            addL2(caps, memory, cspace, ROOTCN_SLOT_SLOT_ALLOC0 + i);
        }
        return cspace;
    }

    /**
     * Makes the DISPATCHER capability of a new dispatcher in its {@link #TASKCN_SLOT_DISPATCHER}, from kernel
     * memory (a whole page of it, so that the CNodes allocated after it stay aligned).
     */
    static void addDispatcher(final CoreCapabilities caps, final KernelMemory memory, final CSpace cspace)
    {
        caps.create(cspace, CapRef.inRoot(ROOTCN_SLOT_TASKCN), TASKCN_SLOT_DISPATCHER, CapType.DISPATCHER,
            memory.allocate(ObjectSizes.BASE_PAGE), ObjectSizes.DISPATCHER);
    }

    /** A CSpace of {@code cnodes} L2 CNodes in root slots 0.., for the kernel's own use. */
    static CSpace kernelCSpace(final CoreCapabilities caps, final KernelMemory memory, final int cnodes)
    {
        final CSpace cspace = caps.createCSpace(memory.allocate(ObjectSizes.L2_CNODE), ObjectSizes.L2_CNODE);
        for (int i = 0; i < cnodes; i++)
        {
            addL2(caps, memory, cspace, i);
        }
        return cspace;
    }

    private static void addL2(final CoreCapabilities caps, final KernelMemory memory, final CSpace cspace,
        final int rootSlot)
    {
        caps.create(cspace, CapRef.ROOT, rootSlot, CapType.L2_CNODE, memory.allocate(ObjectSizes.L2_CNODE),
            ObjectSizes.L2_CNODE);
    }
}
