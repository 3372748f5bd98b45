package dev.flotilla.monitor.intermon;

import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * The name service: core 0's monitor holds the registry of exported services.
 *
 * <pre>
 *   register(name)      i -&gt; 0   rpc: a dispatcher on i exports name (SERVICE_EXISTS if taken)
 *   lookup(name)        i -&gt; 0   rpc: the core that exports name (SERVICE_NOT_FOUND if none)
 *   deregister(name)    i -&gt; 0   the exporter of name on i exited
 * </pre>
 */
@MessageInterface(id = 5, description = "the name service, held by core 0")
public interface NameService
{
    @Rpc
    void register(String name);

    @Rpc
    int lookup(String name);

    @Message
    void deregister(String name);
}
