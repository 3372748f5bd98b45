package dev.flotilla.bench.sim;

import dev.flotilla.platform.Agent;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.MessageHandler;

/**
 * One side of a simulated stream: the sender fills the ring with one-word messages in batches, the
 * receiver drains it; both halt after {@code total} messages. Many messages are in flight at once, so
 * the receiver's doorbell heap and the flow control are exercised, not only the event queue.
 */
public final class Stream implements Agent, MessageHandler
{
    private static final int BATCH = 32;

    private final Channel channel;
    private final boolean sender;
    private final long total;
    private final long[] batch = new long[BATCH];
    private long done;

    public Stream(final Channel channel, final boolean sender, final long total)
    {
        this.channel = channel;
        this.sender = sender;
        this.total = total;
    }

    @Override
    public int doWork(final long nowNs)
    {
        if (sender)
        {
            final int sent = channel.trySendBatch(3, batch, 0, 1, (int)Math.min(BATCH, total - done));
            done += sent;
            return sent;
        }
        return channel.poll(this, 64);
    }

    @Override
    public void onMessage(final Channel from, final int type, final long[] payload, final int length)
    {
        done++;
    }

    @Override
    public String roleName()
    {
        return (sender ? "source-" : "sink-") + channel.localCore();
    }

    @Override
    public boolean isHalted()
    {
        return done == total;
    }
}
