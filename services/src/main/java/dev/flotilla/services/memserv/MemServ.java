package dev.flotilla.services.memserv;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Port;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.lib.CapOperations;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.mem.MemServInterface;
import dev.flotilla.lib.mem.MemServInterfaceBinding;
import dev.flotilla.lib.mem.MemServInterfaceHandler;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import dev.flotilla.platform.memory.MemoryRegion;
import dev.flotilla.platform.topology.Machine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * memserv, the memory server (Barrelfish's {@code mem_serv}): one instance per NUMA node, each handing out the RAM
 * of its node as capabilities by size (powers of two from 4 KiB) and address range, over a buddy allocator, and
 * taking RAM back.
 *
 * <p><b>Where the RAM comes from.</b> Init (core 0's monitor) spawns the first instance as the boot plan's memory
 * service and gives it one RAM capability per NUMA node ({@code BootPlan.memoryService}, task slots
 * {@code taskRam(0..)}): node 0's memory beyond init's spawn reserve, every other node's whole. Once every core is
 * up, init starts an instance on the lowest core of each other node; that instance binds to the first one and
 * asks for its node's RAM ({@code adopt}); the capability crosses cores through the monitors and, since nothing
 * was made from it yet, its ownership moves with it — so the instance may retype it there. A node with memory
 * but no core in the system stays with the first instance, which serves it under that node's name too.
 *
 * <pre>
 *   init          spawn memserv on core 0, RAM of every node in its task CNode
 *   memserv (0)   export memserv.N0 (its own node), and memserv.K for nodes no other instance will serve
 *   init          once up: spawn memserv on the lowest core of each other node K
 *   memserv (K)   bind memserv.N0; adopt(K) -&gt; RAM of K (through the monitors); export memserv.K
 * </pre>
 *
 * Each instance serves only its pools: a client wanting more than its node has asks the next nearest instance
 * itself ({@code MemServClient}), so no RAM capability is relayed through two instances.
 */
public final class MemServ implements Program
{
    /** The boot image's name for this program. */
    public static final String PROGRAM = "memserv";
    /** The RAM an instance takes for its own CNodes when its slots run low: sixteen CNodes, 4096 slots. */
    static final long SLOT_RAM = 16 * ObjectSizes.L2_CNODE;

    private final Machine machine;
    private final List<MemoryRegion> memory;
    private final List<Integer> instanceCores;
    /** This instance's pools, by node: its own node's, and on core 0 those of nodes without an instance. */
    private final Map<Integer, RamPool> pools = new LinkedHashMap<>();
    /** On core 0: the RAM of nodes another instance will adopt, by node, until it does. */
    private final Map<Integer, CapRef> unadopted = new LinkedHashMap<>();
    private Dispatcher self;
    private SlotAllocator slots;
    /** True once this instance took RAM of its own for more CNodes (it does so once, when its slots run low). */
    private boolean slotsGrow;

    /**
     * @param machine       the machine with one CPU per Flotilla core, numbered by core (the SKB's view).
     * @param memory        the physical memory, one region per NUMA node that has some.
     * @param instanceCores the cores init starts an instance on besides core 0 (one per other node with memory).
     */
    public MemServ(final Machine machine, final List<MemoryRegion> memory, final List<Integer> instanceCores)
    {
        this.machine = machine;
        this.memory = List.copyOf(memory);
        this.instanceCores = List.copyOf(instanceCores);
    }

    /** The lowest core of each NUMA node with memory other than core 0's: where the other instances run. */
    public static List<Integer> instanceCores(final Machine machine, final List<MemoryRegion> memory, final int cores)
    {
        final int home = machine.cpus().getFirst().numaNode();
        return memory.stream().map(MemoryRegion::node).filter(node -> node != home).distinct()
            .map(node -> firstCoreOf(machine, node, cores)).filter(core -> core >= 0).toList();
    }

    private static int firstCoreOf(final Machine machine, final int node, final int cores)
    {
        for (int core = 0; core < Math.min(cores, machine.cpus().size()); core++)
        {
            if (machine.cpus().get(core).numaNode() == node)
            {
                return core;
            }
        }
        return -1;
    }

    private int nodeOf(final int core)
    {
        return machine.cpus().get(core).numaNode();
    }

    @Override
    public void start(final Dispatcher dispatcher)
    {
        self = dispatcher;
        slots = SlotAllocator.forDispatcher();
        final int node = nodeOf(self.core());
        if (self.core() == 0)
        {
            startFirst(node);
        }
        else
        {
            adopt(node);
        }
    }

    /** Core 0: sort init's RAM into this instance's pools and what other instances will adopt. */
    private void startFirst(final int home)
    {
        final List<Integer> servedElsewhere = instanceCores.stream().map(this::nodeOf).toList();
        for (int i = 0; i < CSpaceLayout.TASKCN_SLOT_KERNELCAP; i++)
        {
            final CapRef ref = CSpaceLayout.taskRam(i);
            final Capability ram;
            try
            {
                ram = self.syscalls().identify(ref);
            }
            catch (final CapabilityException none)
            {
                break;
            }
            final int node = regionOf(ram.base());
            if (servedElsewhere.contains(node))
            {
                unadopted.put(node, ref);
            }
            else
            {
                pools.put(node, new RamPool(node, ref, ram.base(), ram.size(), self.syscalls(), slots, self.core(),
                    new CapOperations(self)));
            }
        }
        pools.keySet().forEach(this::export);
    }

    private int regionOf(final long base)
    {
        for (final MemoryRegion region : memory)
        {
            if (base >= region.base() && base < region.base() + region.size())
            {
                return region.node();
            }
        }
        throw new IllegalStateException("init gave memserv RAM at 0x" + Long.toHexString(base)
            + " that no memory region holds: " + memory);
    }

    /** Another core: ask the first instance for this node's RAM, then serve it. */
    private void adopt(final int node)
    {
        self.monitor().bind(MemServInterface.SERVICE_PREFIX + nodeOf(0), (channel, error) ->
        {
            if (error != null)
            {
                throw new FlotillaException(error, "memserv on core " + self.core() + " cannot reach the first instance");
            }
            final Port port = new Port(channel);
            final MemServInterfaceBinding first = new MemServInterfaceBinding(port, new MemServInterfaceHandler()
            {
            });
            self.attach(port);
            first.adopt(node, (ram, refused) ->
            {
                if (refused != null)
                {
                    throw new FlotillaException(refused, "memserv on core " + self.core() + " got no RAM for node " + node);
                }
                final CapRef root = slots.allocate();
                self.syscalls().copy(ram, CapRef.inRoot(root.l1Index()), root.l2Slot());
                self.syscalls().delete(ram); // the receive slot is free again
                final Capability cap = self.syscalls().identify(root);
                pools.put(node, new RamPool(node, root, cap.base(), cap.size(), self.syscalls(), slots, self.core(),
                    new CapOperations(self)));
                port.close();
                export(node);
            });
        });
    }

    /**
     * Every block handed out keeps a slot here (its held copy, to revoke on return), so an instance serving many
     * clients runs out of the slots its dispatcher started with (three CNodes of 256). Before the last one goes,
     * it takes {@link #SLOT_RAM} of {@code pool}'s memory for itself, once, and grows by CNodes made from it as it
     * needs them: up to the root CNode's free slots. That block stays handed out (to memserv) while it runs. If
     * the pool has no such block, nothing changes and allocations fail with {@code SLOT_ALLOC_NO_SPACE} when the
     * slots are gone.
     */
    private void keepSlots(final RamPool pool)
    {
        if (slotsGrow || slots.freeSlots() > 1)
        {
            return;
        }
        slotsGrow = true;
        try
        {
            slots.growFrom(new RamAllocator(self.syscalls(), List.of(pool.allocate(SLOT_RAM, 0, 0))));
        }
        catch (final RuntimeException noBlock)
        {
            // no room for it: the instance serves what its slots allow
        }
    }

    private void export(final int node)
    {
        final String name = MemServInterface.SERVICE_PREFIX + node;
        self.monitor().export(name, channel ->
        {
            final Port client = new Port(channel);
            new MemServInterfaceBinding(client, new NodeServer(pools.get(node)));
            self.attach(client);
        }, (ok, error) ->
        {
            if (error != null)
            {
                throw new IllegalStateException("memserv could not export '" + name + "': " + error);
            }
        });
    }

    /**
     * Every block out, by base address, with the binding it went out on: the client that holds it until it frees
     * it or closes that binding. Invariant: exactly the blocks allocated and neither freed nor reclaimed.
     */
    private final Map<Long, NodeServer> lent = new java.util.HashMap<>();

    /** One node's service: what a client bound to {@code memserv.N} talks to; one per client binding. */
    private final class NodeServer implements MemServInterfaceHandler
    {
        private final RamPool pool;

        NodeServer(final RamPool pool)
        {
            this.pool = pool;
        }

        @Override
        public void onAllocate(final MemServInterfaceBinding.AllocateRequest request, final long bytes,
            final long lowest, final long limit)
        {
            final CapRef block;
            try
            {
                keepSlots(pool);
                block = pool.allocate(bytes, lowest, limit);
            }
            catch (final FlotillaException e)
            {
                request.fail(e.code());
                return;
            }
            lent.put(self.syscalls().identify(block).base(), this);
            request.reply(block); // the stub gives the kernel a copy to send; this one stays held
        }

        /**
         * The client closed the channel — it exited, threw or was stopped (its runtime closes every port as it
         * leaves): every block still out on this binding comes back, so memserv's free count returns to where it
         * was before the client took them.
         */
        @Override
        public void channelClosed(final MemServInterfaceBinding binding)
        {
            final List<Long> bases = lent.entrySet().stream().filter(e -> e.getValue() == this).map(Map.Entry::getKey)
                .toList();
            for (final long base : bases)
            {
                lent.remove(base);
                if (!pool.reclaim(base))
                {
                    // copies went to other cores: the revoke needs the monitors, so it waits in a thread of its own
                    self.thread("reclaim", () ->
                    {
                        try
                        {
                            pool.reclaimEverywhere(base);
                        }
                        catch (final FlotillaException refused)
                        {
                            // the block stays out (held here) rather than memserv ending; nothing else changed
                        }
                    });
                }
            }
        }

        @Override
        public void onFree(final MemServInterfaceBinding.FreeRequest request, final CapRef ram)
        {
            // in a thread of its own: the revoke may need the monitors (copies on other cores) and waits for them
            self.thread("free", () ->
            {
                try
                {
                    final long base = pool.free(ram);
                    lent.remove(base);
                    request.reply();
                }
                catch (final FlotillaException e)
                {
                    deleteQuietly(ram);
                    request.fail(e.code());
                }
            });
        }

        @Override
        public void onStats(final MemServInterfaceBinding.StatsRequest request)
        {
            final BuddyAllocator buddy = pool.buddy();
            request.reply(new MemServInterface.Stats(pool.node(), self.core(), buddy.base(), buddy.size(), buddy.free(),
                buddy.handedOut(), buddy.largestFree()));
        }

        @Override
        public void onAdopt(final MemServInterfaceBinding.AdoptRequest request, final int node)
        {
            final CapRef ram = unadopted.remove(node);
            if (ram == null)
            {
                request.fail(ErrorCode.MEMSERV_INVALID_NODE);
                return;
            }
            request.reply(ram);
            self.syscalls().delete(ram); // the kernel holds the copy on its way: the adopter alone holds it next
        }
    }

    private void deleteQuietly(final CapRef ram)
    {
        try
        {
            self.syscalls().delete(ram);
        }
        catch (final CapabilityException gone)
        {
            // already revoked with its block
        }
    }
}
