package dev.flotilla.bench.sim;

import dev.flotilla.platform.Agent;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.MessageHandler;

/**
 * One side of a simulated ping-pong: the initiator sends a one-line PING, the other side answers each
 * with a PONG, until {@code rounds} round trips are done. Both halt then.
 */
public final class Echo implements Agent, MessageHandler
{
    private static final int PING = 1;
    private static final int PONG = 2;

    private final Channel channel;
    private final boolean initiator;
    private final long rounds;
    private final long[] line = new long[7];
    private long completed;
    private boolean started;
    private boolean halted;

    public Echo(final Channel channel, final boolean initiator, final long rounds)
    {
        this.channel = channel;
        this.initiator = initiator;
        this.rounds = rounds;
    }

    @Override
    public int doWork(final long nowNs)
    {
        int work = 0;
        if (initiator && !started)
        {
            started = true;
            send(PING);
            work++;
        }
        return work + channel.poll(this, 16);
    }

    private void send(final int type)
    {
        line[0] = completed;
        if (!channel.trySend(type, line, 0, line.length))
        {
            throw new IllegalStateException("a ping-pong never fills its ring");
        }
    }

    @Override
    public void onMessage(final Channel from, final int type, final long[] payload, final int length)
    {
        completed++;
        if (type == PING)
        {
            send(PONG);
        }
        else if (completed < rounds)
        {
            send(PING);
        }
        halted = completed == rounds;
    }

    @Override
    public String roleName()
    {
        return (initiator ? "ping-" : "pong-") + channel.localCore();
    }

    @Override
    public boolean isHalted()
    {
        return halted;
    }
}
