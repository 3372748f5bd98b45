package dev.flotilla.monitor.intermon;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * Online measurement on request: a program on i wants fresh round trips.
 *
 * <pre>
 *   remeasure()    i -&gt; 0   rpc: answered once core 0 measured every pair again and the SKB has them
 * </pre>
 */
@MessageInterface(id = 8, description = "fresh round trips on request")
public interface Remeasure
{
    @Rpc
    void remeasure();
}
