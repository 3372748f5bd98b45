package dev.flotilla.bench.rpc;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.bench.layouts.Handoff;
import dev.flotilla.bench.layouts.StopFlag;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.urpc.UmpChannel;
import java.lang.foreign.Arena;

/**
 * A cross-core RPC through the generated stubs, split-phase, over UMP: side 0 (the client core) calls
 * {@code ping(base, ..., base + 5, then)} and polls its port until {@code then} has run; side 1 (the server
 * core) polls its port until the handler was given the call, and answers the kept request. On the wire: a
 * call of seven words (token, six arguments) and a response of three (token, status, value), one slot each.
 *
 * <p>Handoff checksums: the server's receive gives {@link Handoff#checksum} of the call's first argument
 * (when the six are consecutive) and the client's receive gives {@link Handoff#checksum} of the answer, so
 * {@code AlternatingBlocks} checks every round trip end to end. Each side's fields are touched by its own
 * thread only; the two threads share nothing but the channel's frame.
 */
final class StubRpcHandoff implements Handoff
{
    private final Port clientPort;
    private final PingPongBinding client;
    private final Port serverPort;
    /** The client's completion: the answer of the call in flight, or null while none came. */
    private final Answer answer = new Answer();
    /** The server's call in hand, not yet answered; null between calls. */
    private PingPongBinding.PingRequest request;
    private long requestChecksum;

    /** The client's completion, reused for every call. */
    private static final class Answer implements Completion<Long>
    {
        boolean done;
        long value;

        @Override
        public void complete(final Long result, final ErrorCode error)
        {
            if (error != null)
            {
                throw new IllegalStateException("the ping call failed: " + error);
            }
            value = result;
            done = true;
        }
    }

    StubRpcHandoff(final Arena arena)
    {
        final UmpChannel[] ends = UmpFrame.open(arena);
        clientPort = new Port(ends[0]);
        client = new PingPongBinding(clientPort);
        serverPort = new Port(ends[1]);
        new PingPongBinding(serverPort, new PingPongHandler()
        {
            @Override
            public void onPing(final PingPongBinding.PingRequest call, final long w0, final long w1, final long w2,
                final long w3, final long w4, final long w5)
            {
                request = call;
                requestChecksum = Words.answer(w0, w1, w2, w3, w4, w5) == Words.BAD_REQUEST ? Words.BAD_REQUEST
                    : Handoff.checksum(w0);
            }
        });
    }

    @Override
    public String name()
    {
        return "RPC through generated stubs (split-phase, UMP)";
    }

    @Override
    public void send(final int side, final long base)
    {
        if (side == 0)
        {
            answer.done = false;
            client.ping(base, base + 1, base + 2, base + 3, base + 4, base + 5, answer);
        }
        else
        {
            final PingPongBinding.PingRequest call = request;
            request = null;
            call.reply(base);
        }
    }

    @Override
    public long receive(final int side, final StopFlag stop)
    {
        if (side == 0)
        {
            while (!answer.done)
            {
                if (clientPort.poll(1) == 0)
                {
                    if (stop.raised())
                    {
                        return Long.MIN_VALUE;
                    }
                    Thread.onSpinWait();
                }
            }
            return Handoff.checksum(answer.value);
        }
        while (request == null)
        {
            if (serverPort.poll(1) == 0)
            {
                if (stop.raised())
                {
                    return Long.MIN_VALUE;
                }
                Thread.onSpinWait();
            }
        }
        return requestChecksum;
    }
}
