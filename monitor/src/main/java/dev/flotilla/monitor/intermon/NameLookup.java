package dev.flotilla.monitor.intermon;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * The replicated name registry's one message outside its agreement rounds: a lookup that misses in a core's
 * replica is confirmed by the table's sequencer (core 0), whose replica no committed change can be behind
 * and which holds every claim in flight — so a name registered just before the lookup, whose commit is still
 * on its way to the asking core, is found as the central registry found it. A hit never leaves its core.
 *
 * <pre>
 *   confirm(name)   i -&gt; 0   rpc: the core that exports name (waiting for a claim in flight to be decided),
 *                            or SERVICE_NOT_FOUND
 * </pre>
 */
@MessageInterface(id = 151, description = "a name-registry miss confirmed at its sequencer")
public interface NameLookup
{
    @Rpc
    int confirm(String name);
}
