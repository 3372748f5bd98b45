package dev.flotilla.lib.vm;

import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * Unmap with TLB shootdown, between a dispatcher of a domain and its core's monitor, carried on the LMP
 * channel the monitor gave the dispatcher (beside {@link dev.flotilla.lib.MonitorInterface}). Stubs are
 * generated ({@code ShootdownInterfaceBinding}). The monitors' side is {@code monitor.shootdown}.
 *
 * <pre>
 *   caches()                     dispatcher -&gt; monitor   this dispatcher caches translations of its domain:
 *                                                        shoot it down when another core unmaps
 *   shootdown(address, tree)     dispatcher -&gt; monitor   rpc: the region at address was unmapped here; answered
 *                                                        once every core of tree (SKB words, rooted at this
 *                                                        core) has dropped it, or with why not
 *   drop(address)                monitor -&gt; dispatcher   rpc: drop the translation and the mapping at address;
 *                                                        answered once dropped
 * </pre>
 * Interface ids 170–179 are kept for unmap and shootdown.
 */
@MessageInterface(id = 170, description = "unmap with TLB shootdown: a dispatcher and its core's monitor")
public interface ShootdownInterface
{
    /** The calling dispatcher caches translations of its domain's address space. */
    @Message
    void caches();

    /** Shoots the region at {@code address} down on every core of {@code tree} (MulticastTree words). */
    @Rpc
    void shootdown(long address, long[] tree);

    /** Asked of a dispatcher by its monitor: drop what translates {@code address}. */
    @Rpc
    void drop(long address);
}
