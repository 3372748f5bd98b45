package dev.flotilla.lib;

import dev.flotilla.caps.cspace.CapRef;
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
 *   connect(name, endpoint, clientCore)  monitor -&gt; dispatcher   a client bound: the END_POINT capability of the
 *                                                                server's end arrives with it; bind it
 * Bind to a service
 *   bind(name)                           dispatcher -&gt; monitor   rpc: answered with the END_POINT capability of
 *                                                                this end (Syscalls.bindEndpoint turns it into
 *                                                                the channel)
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
 * Distributed capability operations (the CPU driver answered RETRY_THROUGH_MONITOR; see CapOperations)
 *   retypeCapability(T, offset, type, objectSize, count)   rpc: the owner retyped; the answer is the first of
 *                                                                count consecutive transit tokens (0: try the
 *                                                                system call again, the monitors made room)
 *   deleteCapability(T)                  dispatcher -&gt; monitor   rpc: the copy given away as T is deleted, once
 *                                                                no distributed operation holds the object; the
 *                                                                owner's last copy here only after the object has
 *                                                                a new owner (or no copies left anywhere)
 *   revokeCapability(T)                  dispatcher -&gt; monitor   rpc: no other core holds a copy or descendant;
 *                                                                the revoke here may now be made locally
 * </pre>
 */
@MessageInterface(id = 20, description = "a dispatcher and its core's monitor")
public interface MonitorInterface
{
    /** Registers {@code name} in the name service for the calling dispatcher. */
    @Rpc
    void export(String name);

    /**
     * A client on {@code clientCore} bound to the exported service {@code name}: {@code endpoint} is the END_POINT
     * capability of the server's end, derived from the receiving dispatcher's DISPATCHER capability.
     */
    @Message
    void connect(String name, CapRef endpoint, int clientCore);

    /**
     * Binds to the service exported as {@code name}; the reply is the END_POINT capability of this side's end,
     * derived from the calling dispatcher's DISPATCHER capability.
     */
    @Rpc
    CapRef bind(String name);

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

    /**
     * Retypes the capability this dispatcher gave as {@code transfer} on its owner's core, after the owner asked
     * every core for descendants in the range; answers the first of {@code count} consecutive transit tokens
     * naming the new capabilities (take each into a slot), or 0 if the system call should simply be tried again.
     */
    @Rpc
    long retypeCapability(long transfer, long offset, String type, long objectSize, int count);

    /**
     * Deletes the capability given away as {@code transfer} ({@code Syscalls.giveAway}) once no distributed
     * operation holds its object; if it is the owner's last copy on this core, the object first gets a new owner
     * among the cores that hold copies (or, for a type that cannot move, loses every copy). The copy is gone
     * whatever the answer; a failure says the other cores may not have learnt it (an orphan the next distributed
     * operation on the object adopts).
     */
    @Rpc
    void deleteCapability(long transfer);

    /**
     * Revokes on every other core the object of the capability given as {@code transfer}: marks it everywhere,
     * then deletes every copy and descendant away from this core; this core becomes its owner. The revoke on this
     * core is then the dispatcher's own system call.
     */
    @Rpc
    void revokeCapability(long transfer);
}
