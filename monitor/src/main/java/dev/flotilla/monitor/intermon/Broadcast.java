package dev.flotilla.monitor.intermon;

import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;

/**
 * Joining a monitor's broadcast channel ({@code dev.flotilla.monitor.broadcast.BroadcastFanout}), on which the
 * shootdown's rounds and the agreement protocols' phases along a broadcast node travel.
 *
 * <pre>
 *   join(address, reader)    writer -&gt; reader   read the writer's broadcast channel (its BroadcastAddress) as reader
 *                                              number reader; sent once, before the first record on it
 * </pre>
 * What is written into the channel is declared apart ({@code BroadcastRecords}); the answers to it travel on each
 * reader's own channel back, in the protocol's own interface ({@link Shootdown#dropped}, {@link Commit#vote}, ...).
 * Id 152, among the agreement protocols' 150–159.
 */
@MessageInterface(id = 152, description = "joining a monitor's broadcast channel")
public interface Broadcast
{
    @Message
    void join(long[] address, int reader);
}
