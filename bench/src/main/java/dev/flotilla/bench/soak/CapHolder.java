package dev.flotilla.bench.soak;

import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * A dispatcher that holds capabilities by name and runs {@link CapScript} commands on them: what the capability
 * soak and the distributed-capability system tests put on every core. Stubs are generated
 * ({@code CapHolderBinding}, {@code CapHolderHandler}).
 */
@MessageInterface(id = 66, description = "holds capabilities and runs capability operations on them, for soaks and tests")
public interface CapHolder
{
    /** Keeps the capability under {@code name}; the reply describes it as the holder sees it, or why it could not. */
    @Rpc
    String keep(CapRef cap, String name);

    /** Runs one {@code CapScript} command in a thread of its own; the reply is its outcome. */
    @Rpc
    String run(String command);
}
