package dev.flotilla.lib.mem;

import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * memserv's message interface (Barrelfish's {@code mem.if}): RAM capabilities by size, from the serving
 * instance's NUMA node and, where asked, from an address range; RAM given back; statistics. One memserv
 * instance serves each NUMA node that has memory and exports {@code memserv.NODE}; {@link MemServClient}
 * picks the instance of its own node through the SKB.
 *
 * <pre>
 *   allocate(bytes, lowest, limit)  client -&gt; memserv.N  rpc: a RAM capability of bytes (a power of two, at least
 *                                                    4 KiB), naturally aligned, inside [lowest, limit) (0, 0: anywhere
 *                                                    in node N's memory); the capability travels with the reply
 *   free(ram)                     client -&gt; memserv.N  rpc: gives back a capability this instance handed out
 *   stats()                       client -&gt; memserv.N  rpc: Stats of this instance
 *   adopt(node)                   memserv.N -&gt; memserv.0  rpc: the RAM of node N, once, for the instance started
 *                                                    on N (core 0's instance holds init's RAM for every node)
 * </pre>
 *
 * Errors: {@code MEMSERV_INVALID_SIZE}, {@code MEMSERV_INVALID_RANGE}, {@code OUT_OF_MEMORY} (allocate);
 * {@code MEMSERV_NOT_ALLOCATED}, {@code MEMSERV_RETYPED} (free); {@code MEMSERV_INVALID_NODE} (adopt).
 */
@MessageInterface(id = 140, description = "memserv: RAM capabilities by size, NUMA node and address range")
public interface MemServInterface
{
    /** Instance N exports this prefix followed by its node N. */
    String SERVICE_PREFIX = "memserv.";

    /**
     * One instance's view.
     *
     * @param node      the NUMA node it serves.
     * @param core      the core it runs on.
     * @param base      the first address of the RAM it manages.
     * @param total     how many bytes it manages.
     * @param free      how many of them are free.
     * @param handedOut how many blocks are out.
     * @param largest   the largest free block, in bytes.
     */
    record Stats(int node, int core, long base, long total, long free, long handedOut, long largest)
    {
    }

    /** A RAM capability of {@code bytes} inside {@code [lowest, limit)}; {@code limit} 0 means no limit. */
    @Rpc
    CapRef allocate(long bytes, long lowest, long limit);

    /** Gives {@code ram} back. */
    @Rpc
    void free(CapRef ram);

    /** This instance's statistics. */
    @Rpc
    Stats stats();

    /** Node {@code node}'s RAM, handed once to the instance that serves it. */
    @Rpc
    CapRef adopt(int node);
}
