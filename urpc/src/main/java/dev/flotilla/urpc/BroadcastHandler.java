package dev.flotilla.urpc;

/**
 * Receives whole messages from {@link BroadcastReceiver#poll}. {@code payload} is the receiver's buffer, reused
 * for the next message: copy what must outlive the call. Runs on the reader's core.
 */
@FunctionalInterface
public interface BroadcastHandler
{
    /**
     * @param from    the reader's endpoint it arrived on.
     * @param type    the message type the writer gave.
     * @param payload the message words in {@code payload[0..length)}.
     * @param length  number of payload words.
     */
    void onMessage(BroadcastReceiver from, int type, long[] payload, int length);
}
