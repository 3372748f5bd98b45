package dev.flotilla.bench.paper;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/** How the dispatchers of the memserv load start together and report their allocations to the first one. */
@MessageInterface(id = 191, description = "bench memserv: the allocating dispatchers' start and reports")
public interface MemLoadInterface
{
    /** The dispatcher on {@code core} has bound its memserv instance; the reply comes once every one has. */
    @Rpc
    int ready(int core);

    /**
     * The dispatcher on {@code core} made {@code allocations} allocations from {@code startNs} to {@code endNs} of
     * its core's clock; {@code error} is empty, or what went wrong.
     */
    @Rpc
    int done(int core, long allocations, long startNs, long endNs, String error);
}
