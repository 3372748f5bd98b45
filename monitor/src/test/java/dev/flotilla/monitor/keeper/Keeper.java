package dev.flotilla.monitor.keeper;

import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/** A service that is handed capabilities, for the capability-argument tests. */
@MessageInterface(id = 63, description = "keeps capabilities it is given, for the tests")
public interface Keeper
{
    /** Takes {@code cap}; the reply is its size as the keeper identifies it in its own CSpace. */
    @Rpc
    long keep(CapRef cap, String label);
}
