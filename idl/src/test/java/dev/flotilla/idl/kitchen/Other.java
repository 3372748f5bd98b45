package dev.flotilla.idl.kitchen;

import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;

/** A second interface, to share a channel with {@link Kitchen}. */
@MessageInterface(id = 8)
public interface Other
{
    @Message
    void note(long value);
}
