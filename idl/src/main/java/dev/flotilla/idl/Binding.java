package dev.flotilla.idl;

import dev.flotilla.base.ErrorCode;
import java.util.List;

/**
 * What every generated binding shares: its interface's id and name, the port it sends on, one reused
 * encoder and decoder, and the calls it is waiting for. A generated {@code NAMEBinding} adds a send
 * method per message, the split-phase and blocking forms of each RPC, and the decoder that calls its
 * {@code NAMEHandler}.
 *
 * <p><b>Calls.</b> Each call carries a token, unique among this binding's outstanding calls, as its
 * first word; the response echoes it, then carries the status word, then (on success) the reply's
 * values. A response whose token names no outstanding call is rejected as
 * {@link ErrorCode#RX_UNKNOWN_REPLY}. When the port closes, every outstanding call fails with
 * {@link ErrorCode#CHANNEL_CLOSED}. Core-confined.
 */
public abstract class Binding
{
    private final Port port;
    private final int id;
    private final String name;
    private final Encoder encoder = new Encoder();
    private final Decoder decoder = new Decoder();
    private final CallTable calls = new CallTable();
    private long nextToken = 1;

    /**
     * Registers the binding with {@code port}.
     *
     * @throws IllegalArgumentException if the port already carries an interface with this id.
     */
    protected Binding(final Port port, final int id, final String name)
    {
        this.port = port;
        this.id = id;
        this.name = name;
        port.register(this);
    }

    /** The port this binding sends on. */
    public final Port port()
    {
        return port;
    }

    /** The interface's wire id. */
    public final int interfaceId()
    {
        return id;
    }

    /** The interface's name, as declared. */
    public final String interfaceName()
    {
        return name;
    }

    /** Calls sent and not yet answered. */
    public final int outstanding()
    {
        return calls.size();
    }

    /** The names of the interface's messages, by number (index 0 is unused). */
    public abstract List<String> messageNames();

    /**
     * Reports that message {@code message} arrived but this side has no handler for it: counted and kept
     * by the port as {@link ErrorCode#UNHANDLED_MESSAGE}.
     */
    public final void unexpected(final String message)
    {
        port.reject(new Rejection(ErrorCode.UNHANDLED_MESSAGE, id << 8, name + "." + message
            + ": this side declares no handler for it"));
    }

    /** Decodes message number {@code message} and hands it on; a malformed message throws {@link Decoder.Malformed}. */
    protected abstract void dispatch(int message, long[] payload, int length);

    /** The port closed: outstanding calls fail; generated bindings then tell their handler. */
    protected void channelClosed()
    {
        final List<Completion<Object>> failed = calls.drain();
        for (final Completion<Object> call : failed)
        {
            call.complete(null, ErrorCode.CHANNEL_CLOSED);
        }
    }

    /** The encoder, begun for a new message. */
    protected final Encoder encoder()
    {
        return encoder.begin();
    }

    /** The decoder, begun on a message that arrived. */
    protected final Decoder decoder(final int message, final long[] payload, final int length)
    {
        final List<String> names = messageNames();
        if (message <= 0 || message >= names.size())
        {
            throw new Decoder.Malformed(ErrorCode.RX_INVALID_MSGNUM, "message number " + message + " is not declared ("
                + name + " declares 1.." + (names.size() - 1) + ")");
        }
        return decoder.begin(names.get(message), payload, length);
    }

    /** Queueing send of message {@code message}. */
    protected final void send(final int message, final Encoder words)
    {
        port.send(id << 8 | message, words);
    }

    /** Try send of message {@code message}. */
    protected final TxStatus trySend(final int message, final Encoder words)
    {
        return port.trySend(id << 8 | message, words);
    }

    /**
     * Registers a call that {@code then} completes, and returns its token; 0 if the port is closed, in which
     * case {@code then} already completed with {@link ErrorCode#CHANNEL_CLOSED}.
     */
    @SuppressWarnings("unchecked")
    protected final long call(final Completion<?> then)
    {
        if (port.isClosed())
        {
            then.complete(null, ErrorCode.CHANNEL_CLOSED);
            return 0;
        }
        final long token = nextToken++;
        calls.put(token, (Completion<Object>)then);
        return token;
    }

    /** The call {@code token} was never sent (an argument was refused): it waits for nothing. */
    protected final void withdraw(final long token)
    {
        calls.remove(token);
    }

    /**
     * Message {@code message} (its words, without the type) could not be delivered: its capability did not reach
     * the other core, for {@code code}. If it was a call still waiting, the call fails with {@code code}, since no
     * reply can come.
     */
    final void undelivered(final int message, final long[] words, final ErrorCode code)
    {
        final List<String> names = messageNames();
        if (message > 0 && message < names.size() && names.get(message).endsWith("_call") && words.length > 0)
        {
            final Completion<Object> call = calls.remove(words[0]);
            if (call != null)
            {
                call.complete(null, code);
            }
        }
    }

    /** A call that arrived but whose capability could not be taken: answered with {@code code}, if still possible. */
    final void refuse(final int message, final long[] payload, final int length, final ErrorCode code)
    {
        final List<String> names = messageNames();
        if (message > 0 && message + 1 < names.size() && names.get(message).endsWith("_call") && length > 0
            && !port.isClosed())
        {
            send(message + 1, encoder().putLong(payload[0]).putError(code));
        }
    }

    /** The call {@code token} got its reply. */
    protected final void complete(final long token, final Object result)
    {
        answered(token).complete(result, null);
    }

    /** The call {@code token} failed with {@code status}. */
    protected final void fail(final long token, final ErrorCode status)
    {
        answered(token).complete(null, status);
    }

    /** Waits, in a user-level thread, for a call made with {@code reply} as its completion. */
    protected final <T> T await(final Reply<T> reply)
    {
        if (!reply.isDone())
        {
            port.blocker().await(reply);
        }
        return reply.get();
    }

    private Completion<Object> answered(final long token)
    {
        final Completion<Object> call = calls.remove(token);
        if (call == null)
        {
            throw new Decoder.Malformed(ErrorCode.RX_UNKNOWN_REPLY, "reply with token " + token
                + " answers no outstanding call");
        }
        return call;
    }
}
