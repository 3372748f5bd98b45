package dev.flotilla.systemtests.capholder;

import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/** A dispatcher on another core that holds capabilities by name and runs capability commands on them, for the tests. */
@MessageInterface(id = 66, description = "holds capabilities and runs capability operations on them, for the tests")
public interface CapHolder
{
    /** Keeps the capability under {@code name}; the reply describes it as the holder sees it. */
    @Rpc
    String keep(CapRef cap, String name);

    /** Runs one {@code CapScript} command in a thread of its own; the reply is its outcome. */
    @Rpc
    String run(String command);
}
