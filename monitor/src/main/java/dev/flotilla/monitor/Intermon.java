package dev.flotilla.monitor;

/**
 * The monitor-to-monitor interface: message types and the sequence they are sent in. Core 0 is the
 * bootstrap monitor (Barrelfish's BSP monitor); every other monitor first speaks only to it.
 *
 * <pre>
 * Boot (per core i; core 0 creates the 0&lt;-&gt;i channel and starts core i's CPU driver with its frame)
 *   1. BOOT(cores, ringSlots, pingRounds)        0 -&gt; i
 *   2. BOOTED()                                  i -&gt; 0
 * Mesh (for each monitor j that was ready before i, j != 0: Barrelfish's new_monitor_notify)
 *   3. NEW_MONITOR(i)                            0 -&gt; j   j creates the j&lt;-&gt;i channel
 *   4. BIND_PROXY(i, descriptor[3])              j -&gt; 0
 *   5. BIND_REQUEST(j, descriptor[3])            0 -&gt; i   i attaches its endpoint
 *   6. BIND_REPLY()                              i -&gt; j   over the new channel: it works both ways
 *   7. MESH_READY()                              k -&gt; 0   once k has a channel to every other core
 * Round-trip measurement (core 0 runs one pair at a time, so probes never overlap)
 *   8. MEASURE(j, rounds, warmupNs)              0 -&gt; i
 *   9. PING(seq, sentNs, w2..w6) / PONG(same)    i -&gt; j -&gt; i, rounds times; a full 7-word line
 *  10. MEASURED(j, medianNs, p99Ns, minNs)       i -&gt; 0
 * Halt
 *  11. HALT()                                    0 -&gt; i
 *  12. HALT_ACK()                                i -&gt; 0   then core i halts; core 0 halts last
 * </pre>
 * Name service (core 0 holds the registry) and service binding (Barrelfish's bind through monitors)
 *  13. NS_REGISTER(request, name)               i -&gt; 0   a dispatcher on i exports name
 *  14. NS_REGISTER_REPLY(request, status)       0 -&gt; i
 *  15. NS_LOOKUP(request, name)                 i -&gt; 0   a dispatcher on i binds to name
 *  16. NS_LOOKUP_REPLY(request, status, core)   0 -&gt; i
 *  17. BIND_SERVICE(request, client, descriptor[3], name)  i -&gt; c   i created the i&lt;-&gt;c channel
 *  18. BIND_SERVICE_REPLY(request, status)      c -&gt; i   c attached it and handed it to the service
 * Spawning (Barrelfish's spawnd request)
 *  19. SPAWN_REQUEST(request, program)          i -&gt; c
 *  20. SPAWN_REQUEST_REPLY(request, status)     c -&gt; i
 *  21. PROGRAM_EXITED(status)                   c -&gt; 0   the boot task on c exited
 * Online measurement on request
 *  22. REMEASURE(request)                       i -&gt; 0   a program on i wants fresh round trips
 *  23. REMEASURE_REPLY(request, status)         0 -&gt; i   the SKB has them
 * Runtime facts (core 0 keeps the SKB's record of what runs where: {@link RuntimeFacts})
 *  24. DISPATCHER_STARTED(program)              i -&gt; 0   i spawned a dispatcher of program
 *  25. DISPATCHER_EXITED(program)               i -&gt; 0   one of them exited
 *  26. NS_DEREGISTER(name)                      i -&gt; 0   the exporter of name on i exited
 * Status words are ErrorCode wire numbers, 0 for success, as in the dispatcher interface.
 *
 * Core 0 processes BOOTED messages one at a time, so every pair of cores is bound exactly once:
 * by whichever of the two core 0 saw ready first.
 */
final class Intermon
{
    static final int BOOT = 1;
    static final int BOOTED = 2;
    static final int NEW_MONITOR = 3;
    static final int BIND_PROXY = 4;
    static final int BIND_REQUEST = 5;
    static final int BIND_REPLY = 6;
    static final int MESH_READY = 7;
    static final int MEASURE = 8;
    static final int PING = 9;
    static final int PONG = 10;
    static final int MEASURED = 11;
    static final int HALT = 12;
    static final int HALT_ACK = 13;
    static final int NS_REGISTER = 14;
    static final int NS_REGISTER_REPLY = 15;
    static final int NS_LOOKUP = 16;
    static final int NS_LOOKUP_REPLY = 17;
    static final int BIND_SERVICE = 18;
    static final int BIND_SERVICE_REPLY = 19;
    static final int SPAWN_REQUEST = 20;
    static final int SPAWN_REQUEST_REPLY = 21;
    static final int PROGRAM_EXITED = 22;
    static final int REMEASURE = 23;
    static final int REMEASURE_REPLY = 24;
    static final int DISPATCHER_STARTED = 25;
    static final int DISPATCHER_EXITED = 26;
    static final int NS_DEREGISTER = 27;

    private Intermon()
    {
    }

    static String name(final int type)
    {
        return switch (type)
        {
            case BOOT -> "BOOT";
            case BOOTED -> "BOOTED";
            case NEW_MONITOR -> "NEW_MONITOR";
            case BIND_PROXY -> "BIND_PROXY";
            case BIND_REQUEST -> "BIND_REQUEST";
            case BIND_REPLY -> "BIND_REPLY";
            case MESH_READY -> "MESH_READY";
            case MEASURE -> "MEASURE";
            case PING -> "PING";
            case PONG -> "PONG";
            case MEASURED -> "MEASURED";
            case HALT -> "HALT";
            case HALT_ACK -> "HALT_ACK";
            case NS_REGISTER -> "NS_REGISTER";
            case NS_REGISTER_REPLY -> "NS_REGISTER_REPLY";
            case NS_LOOKUP -> "NS_LOOKUP";
            case NS_LOOKUP_REPLY -> "NS_LOOKUP_REPLY";
            case BIND_SERVICE -> "BIND_SERVICE";
            case BIND_SERVICE_REPLY -> "BIND_SERVICE_REPLY";
            case SPAWN_REQUEST -> "SPAWN_REQUEST";
            case SPAWN_REQUEST_REPLY -> "SPAWN_REQUEST_REPLY";
            case PROGRAM_EXITED -> "PROGRAM_EXITED";
            case REMEASURE -> "REMEASURE";
            case REMEASURE_REPLY -> "REMEASURE_REPLY";
            case DISPATCHER_STARTED -> "DISPATCHER_STARTED";
            case DISPATCHER_EXITED -> "DISPATCHER_EXITED";
            case NS_DEREGISTER -> "NS_DEREGISTER";
            default -> "unknown(" + type + ")";
        };
    }
}
