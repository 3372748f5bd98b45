package dev.flotilla.bench.layouts;

/**
 * One way of moving a 56-byte message between two threads and back: the pinger is side 0, the
 * echoer side 1. Message {@code base} is seven words {@code base + i}; a receive returns their sum
 * ({@code 7 * base + 21}), so a torn, lost or repeated message shows up as a wrong checksum.
 * Strict alternation (one message in flight) is the caller's duty.
 */
public interface Handoff
{
    /** How the report names it. */
    String name();

    /** Side {@code side} sends message {@code base}. */
    void send(int side, long base);

    /**
     * Side {@code side} waits for the next message and returns its checksum, or
     * {@link Long#MIN_VALUE} if {@code stop} became true while it waited.
     */
    long receive(int side, StopFlag stop);

    /** The checksum of message {@code base}. */
    static long checksum(final long base)
    {
        return 7 * base + 21;
    }
}
