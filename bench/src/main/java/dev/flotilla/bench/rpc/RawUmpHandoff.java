package dev.flotilla.bench.rpc;

import dev.flotilla.bench.layouts.Handoff;
import dev.flotilla.bench.layouts.StopFlag;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.MessageHandler;
import dev.flotilla.urpc.UmpChannel;
import java.lang.foreign.Arena;

/**
 * The same round trip as {@link StubRpcHandoff} written by hand on the UMP channel, word for word the
 * same messages: a call of seven words (token, six arguments) of the same type, a response of three
 * (token, status 0, value). It uses the channel calls the port uses underneath — {@code trySend} from an
 * array and {@code poll} into the channel's buffer (which measured faster than the in-place read on this
 * machine's channel benchmark) — and nothing else: no routing, no decoder checks, no call table.
 */
final class RawUmpHandoff implements Handoff
{
    private static final int CALL = PingPongBinding.ID << 8 | 1;
    private static final int RESPONSE = PingPongBinding.ID << 8 | 2;

    private final UmpChannel clientEnd;
    private final UmpChannel serverEnd;
    private final long[] call = new long[7];
    private final long[] response = new long[3];
    private final MessageHandler clientHandler;
    private final MessageHandler serverHandler;
    private long token;
    private long value;
    private boolean answered;
    private long callToken;
    private long requestChecksum;
    private boolean called;

    RawUmpHandoff(final Arena arena)
    {
        final UmpChannel[] ends = UmpFrame.open(arena);
        clientEnd = ends[0];
        serverEnd = ends[1];
        clientHandler = this::onResponse;
        serverHandler = this::onCall;
    }

    private void onResponse(final Channel from, final int type, final long[] words, final int length)
    {
        if (type != RESPONSE || length != 3 || words[0] != token || words[1] != 0)
        {
            throw new IllegalStateException("raw UMP: unexpected response to call " + token);
        }
        value = words[2];
        answered = true;
    }

    private void onCall(final Channel from, final int type, final long[] words, final int length)
    {
        if (type != CALL || length != 7)
        {
            throw new IllegalStateException("raw UMP: unexpected call of type " + type + ", " + length + " words");
        }
        callToken = words[0];
        final long w0 = words[1];
        requestChecksum = Words.answer(w0, words[2], words[3], words[4], words[5], words[6]) == Words.BAD_REQUEST
            ? Words.BAD_REQUEST : Handoff.checksum(w0);
        called = true;
    }

    @Override
    public String name()
    {
        return "raw UMP, the same messages by hand";
    }

    @Override
    public void send(final int side, final long base)
    {
        if (side == 0)
        {
            answered = false;
            call[0] = ++token;
            for (int i = 0; i < 6; i++)
            {
                call[1 + i] = base + i;
            }
            while (!clientEnd.trySend(CALL, call, 0, 7))
            {
                Thread.onSpinWait(); // unreachable with one call in flight
            }
        }
        else
        {
            called = false;
            response[0] = callToken;
            response[1] = 0;
            response[2] = base;
            while (!serverEnd.trySend(RESPONSE, response, 0, 3))
            {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public long receive(final int side, final StopFlag stop)
    {
        final boolean client = side == 0;
        final UmpChannel end = client ? clientEnd : serverEnd;
        final MessageHandler handler = client ? clientHandler : serverHandler;
        while (!(client ? answered : called))
        {
            if (end.poll(handler, 1) == 0)
            {
                if (stop.raised())
                {
                    return Long.MIN_VALUE;
                }
                Thread.onSpinWait();
            }
        }
        return client ? Handoff.checksum(value) : requestChecksum;
    }
}
