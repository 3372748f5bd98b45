package dev.flotilla.monitor.intermon;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * Binding a client to a service on another core (Barrelfish's bind through monitors): the client's
 * monitor created the channel and sends its descriptor; the service's monitor attaches it and hands
 * the endpoint to the exporting dispatcher.
 *
 * <pre>
 *   copy(T, frame record)                      i -&gt; c   (CapTransfer, first) the FRAME the rings lie in
 *   bindService(client, descriptor, name, T)   i -&gt; c   rpc: SERVICE_NOT_FOUND if nothing on c exports name;
 *                                                      c takes the frame that arrived as (i, T) and lays its
 *                                                      end in it; T = 0: no frame (the simulator's transport,
 *                                                      or rings in the platform's shared memory)
 * </pre>
 */
@MessageInterface(id = 6, description = "binding a client to a service on another core")
public interface ServiceBind
{
    @Rpc
    void bindService(int client, long[] descriptor, String name, long frame);
}
