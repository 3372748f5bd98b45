package dev.flotilla.lib.spawn;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * spawnd's message interface (Barrelfish's {@code spawn.if}): one spawnd runs on every core and exports
 * {@code spawnd.N}; it starts domains on its own core, spans domains to it, stops domains and lists them. Its
 * requests go to its core's monitor, whose domain manager keeps every domain's record at the domain's home
 * core, so spawnd holds no state of its own and any spawnd may stop or list any domain.
 *
 * <pre>
 *   spawn(program, args)   client -&gt; spawnd.N   rpc: domain program started on core N with args (one per line);
 *                                              the reply is its id (home core in the high 32 bits)
 *   span(domain)           client -&gt; spawnd.N   rpc: a dispatcher of domain started on core N
 *   kill(domain)           client -&gt; spawnd.N   rpc: every dispatcher of domain, on every core, is stopped
 *   domains()              client -&gt; spawnd.N   rpc: every running domain, one line each:
 *                                              id TAB program TAB cores (comma-separated) TAB RUNNING|ENDING
 * </pre>
 *
 * Errors: {@code PROGRAM_NOT_FOUND} (no program of that name), {@code INVALID_DOMAIN_NAME} (an argument with a
 * line break), {@code DOMAIN_NOT_FOUND} (span, kill: no such running domain), {@code DOMAIN_ALREADY_ON_CORE}
 * (span). A client that finds no {@code spawnd.N} (its core halted, or never started one) reports
 * {@code SPAWND_NOT_RUNNING}; a core number outside the machine is {@code INVALID_CORE}.
 */
@MessageInterface(id = 180, description = "spawnd: start, span, stop and list domains, one server per core")
public interface SpawndInterface
{
    /** spawnd on core N exports this prefix followed by N. */
    String SERVICE_PREFIX = "spawnd.";

    /** Starts domain {@code program} on this spawnd's core with {@code args} (one per line); the reply is its id. */
    @Rpc
    long spawn(String program, String args);

    /** Starts a dispatcher of {@code domain} on this spawnd's core. */
    @Rpc
    void span(long domain);

    /** Stops every dispatcher of {@code domain}. */
    @Rpc
    void kill(long domain);

    /** Every running domain, one line each: {@code id<TAB>program<TAB>cores<TAB>state}, by id. */
    @Rpc
    String domains();
}
