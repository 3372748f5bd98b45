package dev.flotilla.systemtests.courier;

import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Message;
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

    /** One-way, no capability: noted in arrival order. */
    @Message
    void note(int n);

    /** One-way, with a capability: noted with the type the receiver identifies, then deleted. */
    @Message
    void hand(CapRef cap, int n);

    /** The notes so far, in arrival order. */
    @Rpc
    String notes();
}
