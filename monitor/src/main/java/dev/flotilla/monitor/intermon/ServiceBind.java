package dev.flotilla.monitor.intermon;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * Binding a client to a service on another core (Barrelfish's bind through monitors): the client's
 * monitor created the channel and sends its descriptor; the service's monitor attaches it and hands
 * the endpoint to the exporting dispatcher.
 *
 * <pre>
 *   bindService(client, descriptor, name)    i -&gt; c   rpc: SERVICE_NOT_FOUND if nothing on c exports name
 * </pre>
 */
@MessageInterface(id = 6, description = "binding a client to a service on another core")
public interface ServiceBind
{
    @Rpc
    void bindService(int client, long[] descriptor, String name);
}
