package dev.flotilla.bench.rpc;

import dev.flotilla.idl.Port;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.urpc.LmpChannel;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Many user-level threads of one dispatcher, each in a blocking LRPC at the same time, run to completion:
 * the client dispatcher starts {@code threads} threads that each call {@code ping} once; the server
 * dispatcher (same core) keeps every request until it holds all of them, then answers them all. So at one
 * moment every thread is parked in its call, and the bytes allocated up to that moment, per thread, are what
 * a thread blocked in an RPC holds with everything its call needs: its handle, continuation and stack chunk
 * (a deeper stack than a bare {@code park}: the stub, the reply's wait, the park), the {@code Reply}, its
 * entry in the call table, the call waiting in the port's queue while the ring is full, and the server's
 * kept request. Single-threaded: the caller's thread is the core, so the JVM's per-thread allocation counter
 * sees all of it.
 */
final class ManyCallers
{
    private static final int SLOTS = 32;
    /** Steps after which a run that has not finished is a failure, not a wait. */
    private static final long MAX_STEPS = 100_000_000L;

    /**
     * @param threads            threads started, each making one call.
     * @param bytesPerBlocked    bytes allocated from the start until every thread was parked in its call, per thread.
     * @param nanos              wall time from the start until the last thread ended.
     * @param completed          threads that ended with the right answer (must be {@code threads}).
     * @param steps              CPU driver steps the run took.
     */
    record Result(int threads, long bytesPerBlocked, long nanos, long completed, long steps)
    {
    }

    private ManyCallers()
    {
    }

    static Result run(final int threads)
    {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final CpuDriver cpu = new CpuDriver(0);
        final LmpChannel[] lmp = LmpChannel.pair(0, SLOTS);
        final List<PingPongBinding.PingRequest> held = new ArrayList<>();
        final long[] allocatedWhenAllBlocked = {-1};
        final long[] completed = {0};
        final long[] answers = new long[threads];
        final Dispatcher server = new Dispatcher("many-server", cpu, LmpChannel.pair(0, SLOTS)[0], () -> 0, new Program()
        {
            @Override
            public void start(final Dispatcher self)
            {
                final Port port = new Port(lmp[1]);
                self.attach(port);
                new PingPongBinding(port, new PingPongHandler()
                {
                    @Override
                    public void onPing(final PingPongBinding.PingRequest request, final long w0, final long w1,
                        final long w2, final long w3, final long w4, final long w5)
                    {
                        answers[held.size()] = Words.answer(w0, w1, w2, w3, w4, w5);
                        held.add(request);
                        if (held.size() == threads)
                        {
                            allocatedWhenAllBlocked[0] = mx.getCurrentThreadAllocatedBytes();
                            for (int k = 0; k < held.size(); k++)
                            {
                                held.get(k).reply(answers[k]);
                            }
                            held.clear();
                        }
                    }
                });
            }
        });
        final Dispatcher client = new Dispatcher("many-client", cpu, LmpChannel.pair(0, SLOTS)[0], () -> 0, new Program()
        {
            @Override
            public void start(final Dispatcher self)
            {
                final Port port = new Port(lmp[0]);
                self.attach(port);
                final PingPongBinding stub = new PingPongBinding(port);
                for (int i = 0; i < threads; i++)
                {
                    final long base = 1_000L * i;
                    self.thread("caller-" + i, () ->
                    {
                        if (stub.ping(base, base + 1, base + 2, base + 3, base + 4, base + 5) == Words.answer(base))
                        {
                            completed[0]++;
                        }
                    });
                }
            }
        });
        final long allocatedAtStart = mx.getCurrentThreadAllocatedBytes();
        final long start = System.nanoTime();
        cpu.spawn("many-server", server);
        cpu.spawn("many-client", client);
        long steps = 0;
        while (client.threads().alive() != 0 || client.threads().created() == 0)
        {
            cpu.doWork(0);
            if (++steps == MAX_STEPS || server.hasExited() || client.hasExited())
            {
                throw new IllegalStateException("the callers did not finish: " + client.threads() + "; server "
                    + server.failure().map(Throwable::toString).orElse("running") + "; client "
                    + client.failure().map(Throwable::toString).orElse("running"));
            }
        }
        final long nanos = System.nanoTime() - start;
        if (allocatedWhenAllBlocked[0] < 0)
        {
            throw new IllegalStateException("the server never held all " + threads + " calls");
        }
        return new Result(threads, (allocatedWhenAllBlocked[0] - allocatedAtStart) / threads, nanos, completed[0], steps);
    }
}
