package dev.flotilla.urpc;

import java.util.ArrayDeque;

/**
 * A channel's send side that never fails: a message that finds the ring full waits here, in order,
 * until {@link #flush()} finds room — Barrelfish's "register a send continuation" for agents that
 * must not block. While anything waits, new messages queue behind it, so FIFO order holds.
 *
 * <p>Core-confined, like its channel. Messages that go straight into the ring are never copied.
 */
public final class Outbox
{
    private final Channel channel;
    private final ArrayDeque<long[]> waiting = new ArrayDeque<>(); // each entry: [type, words...]

    public Outbox(final Channel channel)
    {
        this.channel = channel;
    }

    /** The channel this outbox sends on. */
    public Channel channel()
    {
        return channel;
    }

    /** Sends now if the ring has room and nothing waits, else queues a copy. */
    public void send(final int type, final long[] payload, final int offset, final int length)
    {
        if (waiting.isEmpty() && channel.trySend(type, payload, offset, length))
        {
            return;
        }
        ChannelChecks.message(type, payload, offset, length, channel);
        final long[] copy = new long[length + 1];
        copy[0] = type;
        System.arraycopy(payload, offset, copy, 1, length);
        waiting.add(copy);
    }

    /** Sends a message of the given words. */
    public void send(final int type, final long... words)
    {
        send(type, words, 0, words.length);
    }

    /**
     * Moves waiting messages into the ring while it has room.
     *
     * @return how many were sent.
     */
    public int flush()
    {
        int sent = 0;
        while (!waiting.isEmpty())
        {
            final long[] next = waiting.peek();
            if (!channel.trySend((int)next[0], next, 1, next.length - 1))
            {
                break;
            }
            waiting.poll();
            sent++;
        }
        return sent;
    }

    /** Messages still waiting for room. */
    public int waiting()
    {
        return waiting.size();
    }
}
