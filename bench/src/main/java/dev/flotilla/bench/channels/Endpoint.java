package dev.flotilla.bench.channels;

/**
 * One side of a two-way link under test, as the ping-pong benchmark drives it: send a message,
 * receive one. Each side is used by one thread only; the two sides of a link by two threads.
 */
interface Endpoint
{
    /**
     * Sends the message named {@code base} (see {@link Message}), writing all seven words.
     *
     * @return false if there was no room (nothing was sent).
     */
    boolean offer(long base);

    /**
     * Receives one message, reading all seven words.
     *
     * @return its checksum, or {@link Message#EMPTY} if none was waiting.
     */
    long poll();
}
