package dev.flotilla.urpc;

/**
 * The writer's end of a broadcast channel: one message, written once into one shared ring, that every reader
 * ({@link BroadcastReceiver}) takes. One-way: readers answer on channels of their own. Messages arrive whole and
 * in order at every reader; the writer never overwrites a slot some reader has not consumed.
 *
 * <p>Confined to the writer's core; {@link #counters()} is readable anywhere.
 */
public interface BroadcastChannel
{
    /** The writer's core. */
    int localCore();

    /** How many readers share the ring. */
    int readers();

    /** The core of reader {@code index} (0..readers-1). */
    int readerCore(int index);

    /** The transport bound at creation: UMP natively, SIM on a simulated machine. */
    Transport transport();

    /** Slots in the ring. */
    int ringSlots();

    /** The longest message, in words: the whole ring. */
    default int maxMessageWords()
    {
        return ringSlots() * BroadcastDescriptor.PAYLOAD_WORDS;
    }

    /**
     * Writes one message for every reader if the ring has room for all of it, then rings every reader's doorbell.
     *
     * @return false if some reader has not yet consumed the slots the message needs (nothing was written).
     * @throws IllegalArgumentException for a type outside 0..65535, a range outside the array or a message longer
     *                                  than {@link #maxMessageWords()}.
     */
    boolean trySend(int type, long[] payload, int offset, int length);

    /** What each reader joins with ({@link Interconnect#attachBroadcast}). */
    BroadcastAddress address();

    /** Traffic counters of the writer's end: one message sent counts once, however many read it. */
    ChannelCounters counters();
}
