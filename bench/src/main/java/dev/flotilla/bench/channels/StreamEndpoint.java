package dev.flotilla.bench.channels;

/**
 * A side that can also stream: send and receive in batches, through the batching interface each
 * transport offers (UMP's batch send and poll limit, JCTools' fill and drain, Agrona's read limit,
 * the Disruptor's batch claim and natural batching, the blocking queue's {@code drainTo}).
 */
interface StreamEndpoint extends Endpoint
{
    /**
     * Sends up to {@code count} messages named {@code firstBase}, {@code firstBase + 1}, ... in order.
     *
     * @return how many were sent; fewer than {@code count} (maybe 0) when the ring filled up.
     */
    int offerBatch(long firstBase, int count);

    /**
     * Receives up to {@code limit} messages, folding each checksum into {@link #fold()}.
     *
     * @return how many were received.
     */
    int drain(int limit);

    /** The fold ({@link Message#fold}) of every checksum {@link #drain} received so far. */
    long fold();
}
