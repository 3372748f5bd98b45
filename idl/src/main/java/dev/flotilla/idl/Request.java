package dev.flotilla.idl;

import dev.flotilla.base.ErrorCode;
import java.util.Objects;

/**
 * The server's side of one call: what a handler is given with the call's arguments, to answer now or
 * later (a handler may keep it while it asks someone else). A generated subclass per RPC adds
 * {@code reply(values...)}; {@link #fail} answers with an error instead. A request is answered once; if
 * the channel closed meanwhile, the answer is dropped (the caller's call already failed).
 */
public abstract class Request
{
    private final Binding binding;
    private final long token;
    private final int response;
    private boolean answered;

    protected Request(final Binding binding, final long token, final int response)
    {
        this.binding = binding;
        this.token = token;
        this.response = response;
    }

    /** True once answered. */
    public final boolean answered()
    {
        return answered;
    }

    /**
     * Answers the call with {@code error}.
     *
     * @throws IllegalStateException if it was already answered.
     */
    public final void fail(final ErrorCode error)
    {
        Objects.requireNonNull(error, "error: a failure needs a code (reply succeeds)");
        finish(begin(error));
    }

    /** The encoder for the answer, with the token and status written. */
    protected final Encoder begin(final ErrorCode status)
    {
        if (answered)
        {
            throw new IllegalStateException(binding.interfaceName() + "." + binding.messageNames().get(response)
                + ": " + ErrorCode.REPLY_ALREADY_SENT.message());
        }
        answered = true;
        return binding.encoder().putLong(token).putError(status);
    }

    /** Sends the answer, unless the channel is closed. */
    protected final void finish(final Encoder words)
    {
        if (!binding.port().isClosed())
        {
            binding.send(response, words);
        }
    }

    /** The token of the call. */
    protected final long token()
    {
        return token;
    }
}
