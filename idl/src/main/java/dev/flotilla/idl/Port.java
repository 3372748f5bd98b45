package dev.flotilla.idl;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.MessageHandler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One end of a channel as generated bindings use it: the router that hands each arriving message to
 * the binding of the interface that declared it, the FIFO send queue all of them share, and what the
 * bindings need from the dispatcher they run in (a {@link Blocker} for blocking RPCs, a
 * {@link CapabilityCarrier} for capability arguments).
 *
 * <p><b>Message types.</b> A message's 16-bit type is {@code interfaceId << 8 | messageNumber}.
 * Interface 0 is the port's own control interface; its one message is CLOSE. A message for an interface
 * the port does not carry, with a number its interface does not declare, or whose words do not decode
 * is a {@link Rejection}: counted, kept (the last {@value #KEPT_REJECTIONS}) and reported to the
 * listener — never an exception out of {@link #poll}, so a bad message cannot stop the core.
 *
 * <p><b>Sending.</b> The queueing form never fails for want of room: a message that finds the ring full
 * or others waiting waits here, in order, until {@link #flush()} (which {@link #poll} calls first) finds
 * room. The try form sends only when nothing waits and the ring has room, else answers
 * {@link TxStatus#BUSY} and sends nothing. A message that carries capabilities leaves only once the carrier
 * says they all {@linkplain CapabilityCarrier#arrived arrived} at the other end (across cores the monitors
 * carry them, which takes a round trip between them); until then it and every later message wait here, so
 * the channel keeps its order, and the receiver always finds the capability in place. One whose capability
 * cannot arrive is dropped: counted ({@link #undelivered()}), reported as a {@link Rejection} with the
 * carrier's code, and a call it carried fails with that code. A try send of such a message is accepted
 * ({@link TxStatus#SENT}): its capabilities were given already.
 *
 * <p><b>Closing</b> (Flounder's teardown): {@link #close()} sends CLOSE after whatever waits and refuses
 * further sends; each side's outstanding calls fail with {@link ErrorCode#CHANNEL_CLOSED}, so nobody
 * waits for an answer that cannot come. Core-confined, like its channel.
 */
public final class Port implements MessageHandler
{
    /** Interface ids are one byte. */
    public static final int MAX_INTERFACES = 256;
    /** Rejections kept for {@link #recentRejections()}. */
    public static final int KEPT_REJECTIONS = 16;

    private static final int CONTROL = 0;
    private static final int CLOSE = 1;
    private static final long[] NO_CAPABILITIES = new long[0];

    /**
     * A message waiting to be sent: {@code message} is its type then its words; {@code capabilities} the words the
     * carrier gave for its capability arguments, all of which must have arrived before the message may leave.
     */
    private record Outgoing(long[] message, long[] capabilities)
    {
    }

    private final Channel channel;
    private final Binding[] bindings = new Binding[MAX_INTERFACES];
    private final List<Binding> registered = new ArrayList<>();
    private final ArrayDeque<Outgoing> waiting = new ArrayDeque<>();
    private final ArrayDeque<Rejection> recent = new ArrayDeque<>();
    private Blocker blocker;
    private CapabilityCarrier carrier;
    private Consumer<Rejection> listener = rejection -> { };
    private long rejected;
    private long undelivered;
    private long sent;
    private long received;
    private boolean closed;
    private boolean closedByPeer;

    public Port(final Channel channel)
    {
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    /** The channel this port sends and receives on. */
    public Channel channel()
    {
        return channel;
    }

    /** Sets how blocking RPCs on this port wait (the dispatcher's user-level threads). */
    public Port blocker(final Blocker waitWith)
    {
        this.blocker = Objects.requireNonNull(waitWith, "blocker");
        return this;
    }

    /** Sets how capabilities travel on this port. */
    public Port carrier(final CapabilityCarrier carry)
    {
        this.carrier = Objects.requireNonNull(carry, "carrier");
        return this;
    }

    /** Sets who hears of each rejected message (besides the count). */
    public Port onRejection(final Consumer<Rejection> report)
    {
        this.listener = Objects.requireNonNull(report, "listener");
        return this;
    }

    /** Sends what waits, then hands up to {@code limit} arrived messages to their bindings; returns the work done. */
    public int poll(final int limit)
    {
        return flush() + channel.poll(this, limit);
    }

    /**
     * True if a message waits to be received, or waits to be sent and may leave (its capabilities, if any, have
     * arrived): the port's dispatcher has work. A message waiting only for a capability is no work: the answer
     * that the capability arrived comes on another port.
     */
    public boolean hasWork()
    {
        return sendWaiting() || channel.hasPending();
    }

    /**
     * True if a message waits to be sent and may leave (its capabilities, if any, have arrived): it waits only
     * for room in the ring, which nothing announces — the port's core must poll ({@link #flush()}) until it
     * leaves rather than sleep.
     */
    public boolean sendWaiting()
    {
        return !waiting.isEmpty() && arrived(waiting.peek().capabilities());
    }

    /**
     * Moves waiting messages into the ring, in order, while it has room and the first one's capabilities have
     * arrived; a message whose capability cannot arrive is dropped and reported (and a call it carried fails).
     * Returns how many left the queue.
     */
    public int flush()
    {
        int moved = 0;
        while (!waiting.isEmpty())
        {
            final Outgoing next = waiting.peek();
            if (!arrived(next.capabilities()))
            {
                break;
            }
            final ErrorCode failed = failure(next.capabilities());
            if (failed != null)
            {
                waiting.poll();
                undelivered(next, failed);
                moved++;
                continue;
            }
            final long[] m = next.message();
            if (!channel.trySend((int)m[0], m, 1, m.length - 1))
            {
                break;
            }
            waiting.poll();
            forget(next.capabilities());
            moved++;
        }
        return moved;
    }

    /** Messages sent on the port that were dropped because a capability they carried could not reach the other end. */
    public long undelivered()
    {
        return undelivered;
    }

    private boolean arrived(final long[] capabilities)
    {
        for (final long word : capabilities)
        {
            if (!carrier.arrived(word))
            {
                return false;
            }
        }
        return true;
    }

    private ErrorCode failure(final long[] capabilities)
    {
        for (final long word : capabilities)
        {
            final ErrorCode code = carrier.failure(word);
            if (code != null)
            {
                return code;
            }
        }
        return null;
    }

    private void forget(final long[] capabilities)
    {
        for (final long word : capabilities)
        {
            carrier.forget(word);
        }
    }

    /** A message whose capability could not be carried: never sent, reported, and its call (if one) fails. */
    private void undelivered(final Outgoing message, final ErrorCode code)
    {
        forget(message.capabilities());
        undelivered++;
        sent--;
        final int type = (int)message.message()[0];
        final long[] words = java.util.Arrays.copyOfRange(message.message(), 1, message.message().length);
        reject(new Rejection(code, type, "not sent: a capability it carries could not reach core "
            + channel.remoteCore()));
        final Binding binding = bindings[type >>> 8];
        if (binding != null)
        {
            binding.undelivered(type & 0xFF, words, code);
        }
    }

    /**
     * Closes this end: CLOSE follows whatever waits to be sent, every binding's outstanding calls fail with
     * {@link ErrorCode#CHANNEL_CLOSED}, and sending on the port is refused from now on. Closing twice does
     * nothing more.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        enqueue(CONTROL << 8 | CLOSE, new long[0], 0, NO_CAPABILITIES);
        shutDown();
    }

    /** True once either end closed the port. */
    public boolean isClosed()
    {
        return closed;
    }

    /** True if the other end closed it. */
    public boolean closedByPeer()
    {
        return closedByPeer;
    }

    /** Messages waiting for room in the ring. */
    public int waiting()
    {
        return waiting.size();
    }

    /** Messages sent on the port (including those still waiting). */
    public long sent()
    {
        return sent;
    }

    /** Messages received and handed to a binding. */
    public long received()
    {
        return received;
    }

    /** Messages refused: malformed, unknown, or not handled. */
    public long rejected()
    {
        return rejected;
    }

    /** The last rejections, oldest first. */
    public List<Rejection> recentRejections()
    {
        return List.copyOf(recent);
    }

    @Override
    public void onMessage(final Channel from, final int type, final long[] payload, final int length)
    {
        final int id = type >>> 8;
        if (id == CONTROL)
        {
            onControl(type, length);
            return;
        }
        final Binding binding = bindings[id];
        if (binding == null)
        {
            reject(new Rejection(ErrorCode.RX_INVALID_MSGNUM, type, "this channel carries no interface with id " + id
                + " (it carries " + carried() + ")"));
            return;
        }
        received++;
        try
        {
            binding.dispatch(type & 0xFF, payload, length);
        }
        catch (final Decoder.Malformed malformed)
        {
            received--;
            reject(new Rejection(malformed.code(), type, binding.interfaceName() + "." + malformed.getMessage()));
            if (malformed.answerable())
            {
                binding.refuse(type & 0xFF, payload, length, malformed.code());
            }
        }
    }

    private void onControl(final int type, final int length)
    {
        if ((type & 0xFF) != CLOSE || length != 0)
        {
            reject(new Rejection(ErrorCode.RX_INVALID_MSGNUM, type, "control message " + (type & 0xFF) + " of "
                + length + " words is not CLOSE"));
            return;
        }
        if (!closed)
        {
            closedByPeer = true;
            shutDown();
        }
    }

    private void shutDown()
    {
        closed = true;
        for (final Binding binding : List.copyOf(registered))
        {
            binding.channelClosed();
        }
    }

    void register(final Binding binding)
    {
        final int id = binding.interfaceId();
        if (id <= CONTROL || id >= MAX_INTERFACES)
        {
            throw new IllegalArgumentException("interface " + binding.interfaceName() + " has id " + id + "; ids are 1.."
                + (MAX_INTERFACES - 1));
        }
        if (bindings[id] != null)
        {
            throw new IllegalArgumentException("this port already carries interface " + bindings[id].interfaceName()
                + " with id " + id + "; it cannot also carry " + binding.interfaceName());
        }
        bindings[id] = binding;
        registered.add(binding);
    }

    /** Reports a message the binding cannot hand on (see {@link Binding#unexpected}). */
    void reject(final Rejection rejection)
    {
        rejected++;
        if (recent.size() == KEPT_REJECTIONS)
        {
            recent.poll();
        }
        recent.add(rejection);
        listener.accept(rejection);
    }

    /** Queueing send: the message leaves now if it can, else waits in order. */
    void send(final int type, final Encoder message)
    {
        if (closed)
        {
            throw new FlotillaException(ErrorCode.CHANNEL_CLOSED, "cannot send message type 0x" + Integer.toHexString(type)
                + (closedByPeer ? ": the other end closed the channel" : ": this end closed the channel"));
        }
        checkLength(type, message.length());
        final long[] capabilities = message.capabilities();
        if (waiting.isEmpty() && ready(capabilities) && channel.trySend(type, message.words(), 0, message.length()))
        {
            sent++;
            forget(capabilities);
            return;
        }
        enqueue(type, message.words(), message.length(), capabilities);
    }

    /** All of the capabilities arrived at the other end, none refused: the message may go now. */
    private boolean ready(final long[] capabilities)
    {
        return capabilities.length == 0 || arrived(capabilities) && failure(capabilities) == null;
    }

    /**
     * Try send: all or nothing, now — except a message whose capabilities are still on their way to the other
     * end's core: they have been given already, so the message is accepted ({@link TxStatus#SENT}) and waits
     * for them as a queued one does.
     */
    TxStatus trySend(final int type, final Encoder message)
    {
        if (closed)
        {
            return TxStatus.CLOSED;
        }
        checkLength(type, message.length());
        final long[] capabilities = message.capabilities();
        if (!ready(capabilities))
        {
            enqueue(type, message.words(), message.length(), capabilities);
            return TxStatus.SENT;
        }
        if (waiting.isEmpty() && channel.trySend(type, message.words(), 0, message.length()))
        {
            sent++;
            forget(capabilities);
            return TxStatus.SENT;
        }
        return TxStatus.BUSY;
    }

    Blocker blocker()
    {
        if (blocker == null)
        {
            throw new IllegalStateException("a blocking call needs a user-level thread to wait in, and this port (to core "
                + channel.remoteCore() + ") has no Blocker: use the split-phase form, or run the call in a thread");
        }
        return blocker;
    }

    CapabilityCarrier carrier()
    {
        if (carrier == null)
        {
            throw new FlotillaException(ErrorCode.CAP_TRANSFER_UNAVAILABLE, "the channel from core " + channel.localCore()
                + " to core " + channel.remoteCore() + " has no capability carrier");
        }
        return carrier;
    }

    private void enqueue(final int type, final long[] words, final int length, final long[] capabilities)
    {
        final long[] copy = new long[length + 1];
        copy[0] = type;
        System.arraycopy(words, 0, copy, 1, length);
        waiting.add(new Outgoing(copy, capabilities));
        sent++;
        flush();
    }

    private void checkLength(final int type, final int length)
    {
        if (length > channel.maxMessageWords())
        {
            throw new FlotillaException(ErrorCode.MESSAGE_TOO_LONG, "message type 0x" + Integer.toHexString(type) + " of "
                + length + " words; this channel carries at most " + channel.maxMessageWords() + " words ("
                + channel.ringSlots() + " slots)");
        }
    }

    private String carried()
    {
        return registered.isEmpty() ? "none" : String.join(", ", registered.stream()
            .map(b -> b.interfaceName() + " (" + b.interfaceId() + ")").toList());
    }
}
