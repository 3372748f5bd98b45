package dev.flotilla.urpc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Traffic counters of one channel endpoint.
 *
 * <p>Written only by the endpoint's core, with opaque stores (a plain {@code mov} on x86: no fence on
 * the hot path); read from any core with opaque loads, which see each counter's own writes in order
 * but may be slightly stale relative to each other. Counters never decrease.
 *
 * <p>The {@code on...} methods are public for transports outside this package (the simulator's);
 * only the endpoint that owns the counters may call them.
 */
public final class ChannelCounters
{
    private static final VarHandle SENT;
    private static final VarHandle SENT_BYTES;
    private static final VarHandle RECEIVED;
    private static final VarHandle RECEIVED_BYTES;
    private static final VarHandle STALLS;
    private static final VarHandle WAKEUPS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            SENT = lookup.findVarHandle(ChannelCounters.class, "messagesSent", long.class);
            SENT_BYTES = lookup.findVarHandle(ChannelCounters.class, "bytesSent", long.class);
            RECEIVED = lookup.findVarHandle(ChannelCounters.class, "messagesReceived", long.class);
            RECEIVED_BYTES = lookup.findVarHandle(ChannelCounters.class, "bytesReceived", long.class);
            STALLS = lookup.findVarHandle(ChannelCounters.class, "fullRingStalls", long.class);
            WAKEUPS = lookup.findVarHandle(ChannelCounters.class, "wakeups", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused") private long messagesSent;
    @SuppressWarnings("unused") private long bytesSent;
    @SuppressWarnings("unused") private long messagesReceived;
    @SuppressWarnings("unused") private long bytesReceived;
    @SuppressWarnings("unused") private long fullRingStalls;
    @SuppressWarnings("unused") private long wakeups;

    public void onSent(final long messages, final long bytes)
    {
        SENT.setOpaque(this, (long)SENT.getOpaque(this) + messages);
        SENT_BYTES.setOpaque(this, (long)SENT_BYTES.getOpaque(this) + bytes);
    }

    public void onReceived(final long bytes)
    {
        onReceived(1, bytes);
    }

    /** Records {@code messages} messages of {@code bytes} payload bytes in all, received by one call. */
    public void onReceived(final long messages, final long bytes)
    {
        RECEIVED.setOpaque(this, (long)RECEIVED.getOpaque(this) + messages);
        RECEIVED_BYTES.setOpaque(this, (long)RECEIVED_BYTES.getOpaque(this) + bytes);
    }

    public void onStall()
    {
        STALLS.setOpaque(this, (long)STALLS.getOpaque(this) + 1);
    }

    public void onWakeup()
    {
        WAKEUPS.setOpaque(this, (long)WAKEUPS.getOpaque(this) + 1);
    }

    /** Messages this endpoint sent. */
    public long messagesSent()
    {
        return (long)SENT.getOpaque(this);
    }

    /** Payload bytes this endpoint sent (8 per word). */
    public long bytesSent()
    {
        return (long)SENT_BYTES.getOpaque(this);
    }

    /** Whole messages this endpoint delivered to handlers. */
    public long messagesReceived()
    {
        return (long)RECEIVED.getOpaque(this);
    }

    /** Payload bytes this endpoint delivered to handlers. */
    public long bytesReceived()
    {
        return (long)RECEIVED_BYTES.getOpaque(this);
    }

    /** Sends refused because the peer had not yet consumed enough of the ring. */
    public long fullRingStalls()
    {
        return (long)STALLS.getOpaque(this);
    }

    /** Sends that found the receiving core parked and woke it. */
    public long wakeups()
    {
        return (long)WAKEUPS.getOpaque(this);
    }

    @Override
    public String toString()
    {
        return String.format("sent=%d (%d B) received=%d (%d B) stalls=%d wakeups=%d", messagesSent(), bytesSent(),
            messagesReceived(), bytesReceived(), fullRingStalls(), wakeups());
    }
}
