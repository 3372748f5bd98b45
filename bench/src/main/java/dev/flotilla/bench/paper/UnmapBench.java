package dev.flotilla.bench.paper;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * The unmap benchmark's domain ({@link UnmapDomain}): its spanned dispatchers tell the first they hold the page
 * mapped and translated; the first answers once it has unmapped the page (then they check that it is gone and map
 * it again) or when the run is over.
 *
 * <pre>
 *   ready(core, stale)   spanned -&gt; first   rpc: mapped and touched; stale: reads that reached the page after a
 *                                          shootdown (must stay 0); reply 1: it was unmapped, check and map
 *                                          again; reply 0: the run is over
 * </pre>
 */
@MessageInterface(id = 172, description = "the unmap benchmark's spanned dispatchers and its first")
public interface UnmapBench
{
    @Rpc
    int ready(int core, int stale);
}
