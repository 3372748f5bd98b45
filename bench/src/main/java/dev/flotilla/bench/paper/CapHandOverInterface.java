package dev.flotilla.bench.paper;

import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * The cross-core capability transfer latency's two calls: the same round trip with and without a capability in
 * the request, so that their difference is what carrying the capability through the monitors costs.
 */
@MessageInterface(id = 192, description = "bench memserv: round trips with and without a capability")
public interface CapHandOverInterface
{
    /** Answers {@code value + 1}. */
    @Rpc
    long ping(long value);

    /** The receiver gets a copy of {@code cap}, checks its size, deletes it and answers the size it saw. */
    @Rpc
    long give(CapRef cap);
}
