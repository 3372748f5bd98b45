package dev.flotilla.systemtests.courier;

import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/** A dispatcher on another core that is handed memory, for the capability-transfer system tests. */
@MessageInterface(id = 65, description = "receives a frame and RAM from another core, for the system tests")
public interface Courier
{
    /**
     * Takes a frame and RAM for page tables, maps the frame with page tables retyped from the RAM and reads its
     * first word; the reply describes both capabilities as the receiver holds them, and the word.
     */
    @Rpc
    String deliver(CapRef frame, CapRef ram);
}
