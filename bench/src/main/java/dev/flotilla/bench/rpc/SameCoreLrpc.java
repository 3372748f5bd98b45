package dev.flotilla.bench.rpc;

import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.LmpChannel;

/**
 * An LRPC as the paper's Table 1 measures it: a client and a server dispatcher on one core, one CPU
 * driver scheduling both round robin, a call through the generated {@link PingPongBinding} over an LMP
 * channel and its reply. One {@link #roundTrip()} steps the CPU driver until one more call has been
 * answered: in steady state that is one step, in which the server's dispatch answers the call sent in the
 * client's previous dispatch, and the client's dispatch takes the reply and sends the next call.
 *
 * <p>Two ways to call, as the stubs offer them:
 * <ul>
 *   <li>{@link Mode#BLOCKING}: a user-level thread of the client calls {@code long ping(...)} in a loop; each
 *       call parks the thread until the reply's completion unparks it, and the dispatcher's next dispatch
 *       resumes it (a thread switch per round trip, as in Barrelfish's blocking RPC);
 *   <li>{@link Mode#SPLIT_PHASE}: no thread; the reply's completion, run by the client's port, checks the
 *       answer and sends the next call;
 *   <li>{@link Mode#RAW_LMP}: no stubs at all, the same seven-word call and three-word response written by
 *       hand on the channel, which the dispatchers poll as attached channels: what the CPU driver, the
 *       dispatchers and LMP cost without the stubs.
 * </ul>
 *
 * <p>The CPU driver has no clock, so it does not time its dispatches (a booted core's does: two clock reads
 * per dispatch). The dispatchers' monitor channels lead nowhere: nothing here uses the monitor.
 * Single-threaded: everything runs on the caller's thread, which plays the core.
 */
final class SameCoreLrpc
{
    /** How the client calls. */
    enum Mode
    {
        BLOCKING,
        SPLIT_PHASE,
        /** No stubs: the same words by hand on the LMP channel, for what the dispatches alone cost. */
        RAW_LMP
    }

    private static final int CALL = PingPongBinding.ID << 8 | 1;
    private static final int RESPONSE = PingPongBinding.ID << 8 | 2;

    /** Ring slots each way, as a booted dispatcher's channels have. */
    private static final int SLOTS = 32;
    /** Steps without an answered call after which the fixture looks for a failure instead of spinning on. */
    private static final int STALLED_STEPS = 1_000;

    private final CpuDriver cpu = new CpuDriver(0);
    private final Dispatcher client;
    private final Dispatcher server;
    /** Calls answered and checked; only the core's thread writes it. */
    private long answered;
    private long base;
    private PingPongBinding caller;
    /** The raw client's call words, reused. */
    private final long[] rawCall = new long[7];

    SameCoreLrpc(final Mode mode)
    {
        final LmpChannel[] lmp = LmpChannel.pair(0, SLOTS);
        server = new Dispatcher("pingpong-server", cpu, LmpChannel.pair(0, SLOTS)[0], () -> 0, new Program()
        {
            @Override
            public void start(final Dispatcher self)
            {
                if (mode == Mode.RAW_LMP)
                {
                    final long[] response = new long[3];
                    self.attach(lmp[1], (channel, type, words, length) ->
                    {
                        response[0] = words[0];
                        response[2] = type == CALL && length == 7
                            ? Words.answer(words[1], words[2], words[3], words[4], words[5], words[6]) : Words.BAD_REQUEST;
                        if (!channel.trySend(RESPONSE, response, 0, 3))
                        {
                            throw new IllegalStateException("raw LMP: the response ring is full");
                        }
                    });
                    return;
                }
                final Port port = new Port(lmp[1]);
                self.attach(port);
                new PingPongBinding(port, new PingPongHandler()
                {
                    @Override
                    public void onPing(final PingPongBinding.PingRequest request, final long w0, final long w1,
                        final long w2, final long w3, final long w4, final long w5)
                    {
                        request.reply(Words.answer(w0, w1, w2, w3, w4, w5));
                    }
                });
            }
        });
        client = new Dispatcher("pingpong-client", cpu, LmpChannel.pair(0, SLOTS)[0], () -> 0, new Program()
        {
            @Override
            public void start(final Dispatcher self)
            {
                if (mode == Mode.RAW_LMP)
                {
                    self.attach(lmp[0], (channel, type, words, length) ->
                    {
                        if (type != RESPONSE || length != 3 || words[0] != base || words[1] != 0)
                        {
                            throw new IllegalStateException("raw LMP: unexpected response to call " + base);
                        }
                        Words.check("LRPC (raw LMP)", base, words[2]);
                        base++;
                        answered++;
                        sendRaw(channel);
                    });
                    sendRaw(lmp[0]);
                    return;
                }
                final Port port = new Port(lmp[0]);
                self.attach(port);
                caller = new PingPongBinding(port);
                if (mode == Mode.BLOCKING)
                {
                    self.thread("caller", SameCoreLrpc.this::callForever);
                }
                else
                {
                    callNext();
                }
            }
        });
        cpu.spawn("pingpong-server", server);
        cpu.spawn("pingpong-client", client);
    }

    /** The client thread's body: blocking calls, one after the other, each answer checked. */
    private void callForever()
    {
        while (true)
        {
            final long b = base;
            Words.check("LRPC (blocking)", b, caller.ping(b, b + 1, b + 2, b + 3, b + 4, b + 5));
            base = b + 1;
            answered++;
        }
    }

    /** The split-phase client: the completion of one call makes the next. */
    private final Completion<Long> next = this::answeredSplitPhase;

    private void answeredSplitPhase(final Long value, final ErrorCode error)
    {
        if (error != null)
        {
            throw new IllegalStateException("LRPC (split-phase): call " + base + " failed with " + error);
        }
        Words.check("LRPC (split-phase)", base, value);
        base++;
        answered++;
        callNext();
    }

    /** The raw call: the token is the base, as each call has its own. */
    private void sendRaw(final Channel channel)
    {
        final long b = base;
        rawCall[0] = b;
        for (int i = 0; i < 6; i++)
        {
            rawCall[1 + i] = b + i;
        }
        if (!channel.trySend(CALL, rawCall, 0, 7))
        {
            throw new IllegalStateException("raw LMP: the call ring is full");
        }
    }

    private void callNext()
    {
        final long b = base;
        caller.ping(b, b + 1, b + 2, b + 3, b + 4, b + 5, next);
    }

    /**
     * Steps the core until one more call is answered; returns how many have been.
     *
     * @throws IllegalStateException if a dispatcher stopped (a wrong answer ends the client's program).
     */
    long roundTrip()
    {
        final long before = answered;
        int steps = 0;
        while (answered == before)
        {
            cpu.doWork(0);
            if (++steps == STALLED_STEPS)
            {
                stalled();
                steps = 0;
            }
        }
        return answered;
    }

    private void stalled()
    {
        for (final Dispatcher d : new Dispatcher[] {client, server})
        {
            if (d.failure().isPresent() || d.hasExited())
            {
                throw new IllegalStateException(d.name() + " stopped: " + d.failure().map(Throwable::toString)
                    .orElse("it exited"), d.failure().orElse(null));
            }
        }
    }

    /** How many dispatches the CPU driver has run (both dispatchers). */
    long dispatches()
    {
        return cpu.dispatches();
    }
}
