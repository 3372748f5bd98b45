package dev.flotilla.urpc;

/**
 * Receives whole messages from {@link Channel#read} as views read in place, with no copy into a
 * buffer. The view is valid only during the call: the slots it reads are acknowledged to the sender
 * after the reader returns.
 */
@FunctionalInterface
public interface MessageReader
{
    /**
     * @param channel the channel the message arrived on.
     * @param type    the message type the sender gave.
     * @param message the message's words, read in place.
     */
    void onMessage(Channel channel, int type, MessageView message);
}
