package dev.flotilla.urpc;

/**
 * One reader's end of a broadcast channel ({@link BroadcastChannel}): every message the writer wrote, whole and
 * in order. Confined to the reader's core; {@link #counters()} is readable anywhere.
 */
public interface BroadcastReceiver
{
    /** The reader's core. */
    int localCore();

    /** The writer's core. */
    int writerCore();

    /** This reader's index among the channel's readers. */
    int readerIndex();

    /**
     * Delivers up to {@code limit} whole messages to {@code handler}, in the order they were written.
     *
     * @return the number delivered.
     */
    int poll(BroadcastHandler handler, int limit);

    /** True if a slot of a message is waiting (nothing is consumed). */
    boolean hasPending();

    /** Traffic counters of this reader. */
    ChannelCounters counters();
}
