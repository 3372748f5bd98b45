package dev.flotilla.examples;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/** What the two dispatchers of {@link PingPong} say to each other. */
@MessageInterface(id = 71, description = "the ping-pong domain's round trip")
public interface PingPongInterface
{
    /** One round trip: the reply is {@link PingPong#answer} of the two words. */
    @Rpc
    long ping(long round, long value);
}
