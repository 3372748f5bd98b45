package dev.flotilla.urpc;

/**
 * One endpoint of a bidirectional, reliable, FIFO message channel between two cores (or two
 * endpoints on one core). A message is a type and up to {@link #maxMessageWords()} 64-bit words;
 * messages of up to {@value UmpDescriptor#PAYLOAD_WORDS} words travel in one cache line, longer ones
 * span several and reach the handler whole.
 *
 * <p>Threading: an endpoint is confined to its core. Sending and receiving never block: a full ring
 * makes {@code trySend} return false (and counts a stall), an empty one makes {@code poll} return 0.
 * {@link #counters()} may be read from any core.
 */
public interface Channel
{
    /** The core this endpoint belongs to. */
    int localCore();

    /** The core of the other endpoint. */
    int remoteCore();

    /** The transport bound at creation. */
    Transport transport();

    /** Slots in each direction's ring. */
    int ringSlots();

    /** The longest message, in words, this channel carries (a message may fill the whole ring). */
    int maxMessageWords();

    /**
     * Sends one message if the ring has room for all of it.
     *
     * @return false if the ring is full (nothing was sent).
     * @throws IllegalArgumentException if the type is outside 0..65535, the range lies outside the
     *         array, or the message is longer than {@link #maxMessageWords()}.
     */
    boolean trySend(int type, long[] payload, int offset, int length);

    /** Sends a message of one word; see {@link #trySend(int, long[], int, int)}. */
    boolean trySend(int type, long word);

    /**
     * Sends one message of exactly seven words — one cache line on UMP — from arguments, with no
     * array and no copy: Barrelfish's generated stubs marshal a message's fields into the line the
     * same way. Transports without a faster path copy the words into an array.
     *
     * @return false if the ring is full (nothing was sent).
     */
    default boolean trySend(final int type, final long w0, final long w1, final long w2, final long w3, final long w4,
        final long w5, final long w6)
    {
        return trySend(type, new long[] {w0, w1, w2, w3, w4, w5, w6}, 0, 7);
    }

    /**
     * Sends up to {@code count} messages of {@code wordsPerMessage} words each, taken one after the
     * other from {@code payload} starting at {@code offset}, ringing the receiver's doorbell once.
     *
     * @return how many messages were sent (fewer than {@code count} when the ring filled up).
     */
    int trySendBatch(int type, long[] payload, int offset, int wordsPerMessage, int count);

    /**
     * Delivers up to {@code limit} whole messages to {@code handler}, in the order they were sent.
     *
     * @return the number of messages delivered.
     */
    int poll(MessageHandler handler, int limit);

    /**
     * Delivers up to {@code limit} whole messages to {@code reader} as views read in place (zero-copy on
     * UMP), in the order they were sent. Transports without a faster path view their receive buffer.
     *
     * @return the number of messages delivered.
     */
    default int read(final MessageReader reader, final int limit)
    {
        return poll((channel, type, payload, length) -> reader.onMessage(channel, type, MessageView.of(payload, length)),
            limit);
    }

    /** True if at least one slot of a message is waiting (a cheap check; no message is consumed). */
    boolean hasPending();

    /** Traffic counters of this endpoint. */
    ChannelCounters counters();
}
