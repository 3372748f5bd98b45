package dev.flotilla.sim;

import dev.flotilla.platform.Agent;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.MessageHandler;
import java.util.function.LongSupplier;

/**
 * One side of a ping-pong over a channel: the initiator sends PING, the responder answers each PING
 * with a PONG, and the initiator records each round trip on its core's picosecond clock until it has
 * {@code rounds}.
 * Both halt when done. Used to measure simulated round trips.
 */
final class PingPongAgent implements Agent, MessageHandler
{
    private final Channel channel;
    private final LongSupplier clockPs;
    private final boolean initiator;
    private final long[] roundTrips;
    private final long[] line = new long[7];
    private int completed;
    private boolean started;
    private boolean halted;
    private long sentAt;

    PingPongAgent(final Channel channel, final LongSupplier clockPs, final boolean initiator, final int rounds)
    {
        this.channel = channel;
        this.clockPs = clockPs;
        this.initiator = initiator;
        this.roundTrips = new long[rounds];
    }

    @Override
    public int doWork(final long nowNs)
    {
        int work = 0;
        if (initiator && !started)
        {
            started = true;
            ping();
            work++;
        }
        return work + channel.poll(this, 16);
    }

    private void ping()
    {
        sentAt = clockPs.getAsLong();
        line[0] = completed;
        if (!channel.trySend(1, line, 0, line.length))
        {
            throw new IllegalStateException("ping-pong ring full");
        }
    }

    @Override
    public void onMessage(final Channel from, final int type, final long[] payload, final int length)
    {
        if (type == 1)
        {
            from.trySend(2, payload, 0, length);
            if (payload[0] == roundTrips.length - 1)
            {
                halted = true;
            }
            return;
        }
        roundTrips[completed++] = clockPs.getAsLong() - sentAt;
        if (completed == roundTrips.length)
        {
            halted = true;
        }
        else
        {
            ping();
        }
    }

    /** The recorded round trips in picoseconds, in order. */
    long[] roundTrips()
    {
        return roundTrips.clone();
    }

    @Override
    public String roleName()
    {
        return (initiator ? "ping" : "pong") + "-on-" + channel.localCore();
    }

    @Override
    public boolean isHalted()
    {
        return halted;
    }
}
