package dev.flotilla.monitor.courier;

import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/** A service on another core that is handed capabilities, for the cross-core transfer tests. */
@MessageInterface(id = 64, description = "receives capabilities from another core, for the tests")
public interface Courier
{
    /**
     * Takes a frame and RAM for page tables; maps the frame with the RAM's page tables and reads its first word.
     * The reply describes both capabilities as the receiver sees them, and the word it read.
     */
    @Rpc
    String deliver(CapRef frame, CapRef ram);

    /** Takes any capability; the reply describes it as the receiver sees it. */
    @Rpc
    String describe(CapRef cap);

    /** Fills every free slot of the receiver's receive CNode, so that the next capability cannot be taken. */
    @Rpc
    int fill();

    /** Empties the receive CNode again, but for the slots it held before {@link #fill()}. */
    @Rpc
    int drain();

    /** A one-way message without capabilities: the receiver notes {@code n} in the order messages arrive. */
    @Message
    void note(int n);

    /** A one-way message with one: noted as {@code n} with what the receiver identifies; then it deletes it. */
    @Message
    void hand(CapRef cap, int n);

    /** The notes so far, in arrival order. */
    @Rpc
    String notes();
}
