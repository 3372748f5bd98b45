package dev.flotilla.bench.rpc;

import dev.flotilla.bench.layouts.Handoff;
import dev.flotilla.bench.layouts.StopFlag;
import java.util.concurrent.Exchanger;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JDK's own hand-offs between two platform threads as request/response: a {@link SynchronousQueue}
 * each way, or an {@link Exchanger} each way (the sender offers its message, the receiver offers nothing
 * back). Either parks a thread that waits long enough (after the JDK's own spinning); that is what they
 * cost when used this way. The messages are two preallocated arrays, one per direction: with one round
 * trip in flight a side writes its array only after the other side has read it (the hand-off orders the
 * two), so nothing allocates on the round trip.
 */
final class HandOffQueues implements Handoff
{
    /** How long a waiting echoer sleeps in the JDK's wait before it looks at the stop flag again. */
    private static final long STOP_CHECK_MS = 10;

    /** One direction of hand-off: put a message, take one. */
    private interface Direction
    {
        void put(long[] message) throws InterruptedException;

        /** The next message, or null if none came within {@link #STOP_CHECK_MS}. */
        long[] poll() throws InterruptedException;
    }

    private final String name;
    private final Direction request;
    private final Direction response;
    private final long[] requestWords = new long[6];
    private final long[] responseWords = new long[1];

    private HandOffQueues(final String name, final Direction request, final Direction response)
    {
        this.name = name;
        this.request = request;
        this.response = response;
    }

    /** A {@link SynchronousQueue} each way. */
    static HandOffQueues synchronousQueues()
    {
        return new HandOffQueues("SynchronousQueue hand-off", queue(), queue());
    }

    /** An {@link Exchanger} each way. */
    static HandOffQueues exchangers()
    {
        return new HandOffQueues("Exchanger hand-off", exchanger(), exchanger());
    }

    private static Direction queue()
    {
        final SynchronousQueue<long[]> queue = new SynchronousQueue<>();
        return new Direction()
        {
            @Override
            public void put(final long[] message) throws InterruptedException
            {
                queue.put(message);
            }

            @Override
            public long[] poll() throws InterruptedException
            {
                return queue.poll(STOP_CHECK_MS, TimeUnit.MILLISECONDS);
            }
        };
    }

    private static Direction exchanger()
    {
        final Exchanger<long[]> exchanger = new Exchanger<>();
        return new Direction()
        {
            @Override
            public void put(final long[] message) throws InterruptedException
            {
                exchanger.exchange(message);
            }

            @Override
            public long[] poll() throws InterruptedException
            {
                try
                {
                    return exchanger.exchange(null, STOP_CHECK_MS, TimeUnit.MILLISECONDS);
                }
                catch (final TimeoutException e)
                {
                    return null;
                }
            }
        };
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public void send(final int side, final long base)
    {
        try
        {
            if (side == 0)
            {
                for (int i = 0; i < 6; i++)
                {
                    requestWords[i] = base + i;
                }
                request.put(requestWords);
            }
            else
            {
                responseWords[0] = base;
                response.put(responseWords);
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while sending", e);
        }
    }

    @Override
    public long receive(final int side, final StopFlag stop)
    {
        try
        {
            long[] got;
            while ((got = (side == 0 ? response : request).poll()) == null)
            {
                if (stop.raised())
                {
                    return Long.MIN_VALUE;
                }
            }
            if (side == 0)
            {
                return Handoff.checksum(got[0]);
            }
            return Words.answer(got[0], got[1], got[2], got[3], got[4], got[5]) == Words.BAD_REQUEST ? Words.BAD_REQUEST
                : Handoff.checksum(got[0]);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while receiving", e);
        }
    }
}
