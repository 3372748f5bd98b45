package dev.flotilla.lib;

import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * The interface between a dispatcher and its core's monitor, over the LMP channel the monitor gives
 * every dispatcher it spawns (Barrelfish's {@code monitor.if}). Stubs are generated
 * ({@code MonitorInterfaceBinding}); the dispatcher calls, the monitor answers.
 *
 * <pre>
 * Export a service
 *   export(name)                         dispatcher -&gt; monitor   rpc: answered once the name service has it
 *   connect(name, slot, clientCore)      monitor -&gt; dispatcher   a client bound: withdraw the endpoint from slot
 * Bind to a service
 *   bind(name)                           dispatcher -&gt; monitor   rpc: answered with the slot holding this end
 * Spawn a program on a core
 *   spawn(core, program)                 dispatcher -&gt; monitor   rpc
 * Fresh round trips (online measurement on request)
 *   remeasure()                          dispatcher -&gt; monitor   rpc: answered once the SKB has the new matrix
 * Exit
 *   exit(status)                         dispatcher -&gt; monitor   the dispatcher leaves the run queue
 * Domains (dispatchers of one program on several cores)
 *   spawnDomain(core, program, args)     dispatcher -&gt; monitor   rpc: the new domain's id
 *   span(domain, core)                   dispatcher -&gt; monitor   rpc: answered once the new dispatcher exists
 *   kill(domain)                         dispatcher -&gt; monitor   rpc: every dispatcher of the domain is stopped
 *   stop()                               monitor -&gt; dispatcher   its domain ends: close up and exit
 *   domains()                            dispatcher -&gt; monitor   rpc: every running domain, asked of every home
 * What the core is doing
 *   status()                             dispatcher -&gt; monitor   rpc: the CPU driver's and the monitor's counts
 *   threads()                            dispatcher -&gt; monitor   rpc: this core's dispatchers of domains and their threads,
 *                                                                asked of each (threadCount() monitor -&gt; dispatcher)
 * A capability argument to another core (the monitors carry it; the message itself waits for the reply)
 *   sendCapability(core, transfer)       dispatcher -&gt; monitor   rpc: answered once core's CPU driver holds the copy
 * </pre>
 */
@MessageInterface(id = 20, description = "a dispatcher and its core's monitor")
public interface MonitorInterface
{
    /** Registers {@code name} in the name service for the calling dispatcher. */
    @Rpc
    void export(String name);

    /** A client bound to the exported service {@code name}: its endpoint waits in the CPU driver's {@code slot}. */
    @Message
    void connect(String name, int slot, int clientCore);

    /** Binds to the service exported as {@code name}; the reply is the slot that holds this side's endpoint. */
    @Rpc
    int bind(String name);

    /** Starts boot-image program {@code program} in a new dispatcher on {@code core}. */
    @Rpc
    void spawn(int core, String program);

    /** Measures the round trip between every pair of cores again and hands the matrix to the SKB. */
    @Rpc
    void remeasure();

    /** The dispatcher leaves its core with {@code status}. */
    @Message
    void exit(long status);

    /** Starts domain {@code program} on {@code core} with {@code args} (one per line); the reply is its id. */
    @Rpc
    long spawnDomain(int core, String program, String args);

    /** Starts a dispatcher of {@code domain} on {@code core}. */
    @Rpc
    void span(long domain, int core);

    /** Stops every dispatcher of {@code domain}. */
    @Rpc
    void kill(long domain);

    /** The dispatcher's domain has ended (or was killed): it closes its channels and exits. */
    @Message
    void stop();

    /**
     * Every domain running in the system, gathered from the monitor of every core (each keeps the records of
     * the domains that started on it): one line per domain, {@code id<TAB>program<TAB>cores<TAB>state}, cores
     * as a comma-separated list, state {@code RUNNING} or {@code ENDING}; ordered by id.
     */
    @Rpc
    String domains();

    /** What this core is doing: its CPU driver's dispatchers and dispatches, its monitor's traffic. */
    @Rpc
    CoreStatus status();

    /**
     * The user-level threads of this core's dispatchers of domains: one line each, {@code domain<TAB>threads}, the
     * monitor asking every local dispatcher in turn ({@link #threadCount}).
     */
    @Rpc
    String threads();

    /** Asked of a dispatcher by its monitor: how many of its user-level threads are alive. */
    @Rpc
    long threadCount();

    /**
     * Carries the capability this dispatcher gave to its CPU driver as {@code transfer} (a transit token) to
     * {@code core}: the monitor takes it, sends its record to {@code core}'s monitor, and answers once the copy
     * waits in that core's CPU driver under (this core, {@code transfer}) — or with why it could not.
     */
    @Rpc
    void sendCapability(int core, long transfer);
}
