package dev.flotilla.lib;

/**
 * The interface between a dispatcher and its core's monitor, over the LMP channel the monitor gives
 * every dispatcher it spawns (Barrelfish's {@code monitor.if}). Every request carries a request id
 * chosen by the dispatcher; the reply echoes it. Status words are {@code ErrorCode} wire numbers, 0 for
 * success.
 *
 * <pre>
 * Export a service
 *   EXPORT(request, name)                      dispatcher -&gt; monitor
 *   EXPORT_REPLY(request, status)              monitor -&gt; dispatcher   the name is in the name service
 *   CONNECT(request, slot, clientCore)         monitor -&gt; dispatcher   a client bound: withdraw the endpoint
 * Bind to a service
 *   BIND(request, name)                        dispatcher -&gt; monitor
 *   BIND_REPLY(request, status, slot)          monitor -&gt; dispatcher   withdraw the endpoint from the slot
 * Spawn a program on a core
 *   SPAWN(request, core, program)              dispatcher -&gt; monitor
 *   SPAWN_REPLY(request, status)               monitor -&gt; dispatcher
 * Fresh round trips (online measurement on request)
 *   REMEASURE(request)                         dispatcher -&gt; monitor   core 0 measures every pair again
 *   REMEASURE_REPLY(request, status)           monitor -&gt; dispatcher   the SKB has the new matrix
 * Exit
 *   EXIT(status)                               dispatcher -&gt; monitor   the dispatcher leaves the run queue
 * </pre>
 */
public final class MonitorInterface
{
    public static final int EXPORT = 101;
    public static final int EXPORT_REPLY = 102;
    public static final int CONNECT = 103;
    public static final int BIND = 104;
    public static final int BIND_REPLY = 105;
    public static final int SPAWN = 106;
    public static final int SPAWN_REPLY = 107;
    public static final int EXIT = 108;
    public static final int REMEASURE = 109;
    public static final int REMEASURE_REPLY = 110;

    private MonitorInterface()
    {
    }
}
