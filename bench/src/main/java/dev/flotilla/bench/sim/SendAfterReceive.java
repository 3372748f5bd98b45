package dev.flotilla.bench.sim;

import dev.flotilla.platform.Agent;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.MessageHandler;

/**
 * One side of Table 2's throughput benchmark as Barrelfish's {@code ump_bench/throughput.c} runs it: the
 * initiator first fills its ring, then both sides keep it full by sending one message for each one they
 * take ("sustained send-after-receive"). Every message costs each side a receive and a send, so the rate is
 * what one core can take and answer per unit of time, not how fast one side alone can write. Each side sends
 * {@code total} one-line messages and halts once it has taken {@code total} and sent its last.
 */
public final class SendAfterReceive implements Agent, MessageHandler
{
    private static final int TYPE = 4;

    private final Channel channel;
    private final boolean initiator;
    private final long total;
    private final long[] line = new long[7];
    private long sent;
    private long received;
    /** Messages this side owes: the initial fill, then one per message taken. */
    private long owed;
    /** Time of the latest step: while a message waits for room, this side keeps polling for the credit. */
    private long lastStepNs;

    public SendAfterReceive(final Channel channel, final boolean initiator, final long total)
    {
        this.channel = channel;
        this.initiator = initiator;
        this.total = total;
        this.owed = initiator ? Math.min(total, channel.ringSlots()) : 0;
    }

    @Override
    public int doWork(final long nowNs)
    {
        lastStepNs = nowNs;
        int work = channel.poll(this, 64);
        while (owed > 0 && channel.trySend(TYPE, line, 0, line.length))
        {
            owed--;
            sent++;
            work++;
        }
        return work;
    }

    @Override
    public void onMessage(final Channel from, final int type, final long[] payload, final int length)
    {
        received++;
        if (sent + owed < total)
        {
            owed++;
        }
    }

    /**
     * A full ring rings nobody when its slots come free (the sender learns of the room by polling), so a side
     * that owes a message spins, as a real core would.
     */
    @Override
    public long wakeupDeadlineNs()
    {
        return owed > 0 ? lastStepNs : Long.MAX_VALUE;
    }

    @Override
    public String roleName()
    {
        return (initiator ? "fill-" : "echo-") + channel.localCore();
    }

    @Override
    public boolean isHalted()
    {
        return received == total && sent == total;
    }
}
