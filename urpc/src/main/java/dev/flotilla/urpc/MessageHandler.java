package dev.flotilla.urpc;

/**
 * Receives whole messages from {@link Channel#poll}.
 *
 * <p>{@code payload} is the channel's receive buffer, reused for the next message: a handler that
 * keeps words beyond the call must copy them. The handler runs on the receiving core and may send on
 * any channel, including this one.
 */
@FunctionalInterface
public interface MessageHandler
{
    /**
     * @param channel the channel the message arrived on.
     * @param type    the message type the sender gave.
     * @param payload the message words in {@code payload[0..length)}.
     * @param length  number of payload words.
     */
    void onMessage(Channel channel, int type, long[] payload, int length);
}
