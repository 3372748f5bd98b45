package dev.flotilla.bench.paper;

import dev.flotilla.platform.CoreWakeup;
import dev.flotilla.platform.linux.Affinity;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.MessageHandler;
import dev.flotilla.urpc.UmpChannel;
import dev.flotilla.urpc.UmpDescriptor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UMP between two real CPUs, Table 2's way: one UMP channel (32-slot rings in one shared frame) between two
 * host threads, each pinned to its CPU, busy-polling (no wake-ups). The round trip is a one-word ping-pong
 * timed in batches (the median batch, divided by its rounds); the throughput a stream of one-word messages
 * that keeps the ring full, counted at the receiver. Host code: it reads the clock and starts threads.
 */
final class NativeUmp
{
    private static final int SLOTS = 32;
    private static final int PING = 1;
    private static final int PONG = 2;
    private static final int DATA = 3;
    private static final int STOP = 4;

    /**
     * @param rttNs         the median round trip, ns.
     * @param msgsPerUs     streamed messages per microsecond at the receiver.
     * @param pinned        whether both threads were pinned to their CPUs.
     */
    record Result(double rttNs, double msgsPerUs, boolean pinned)
    {
    }

    private final int cpuA;
    private final int cpuB;
    private final int batches;
    private final int roundsPerBatch;

    NativeUmp(final int cpuA, final int cpuB, final int batches, final int roundsPerBatch)
    {
        this.cpuA = cpuA;
        this.cpuB = cpuB;
        this.batches = batches;
        this.roundsPerBatch = roundsPerBatch;
    }

    Result measure() throws InterruptedException
    {
        try (Arena arena = Arena.ofShared())
        {
            final double rtt = roundTrip(arena);
            final double rate = stream(arena);
            return new Result(rtt, rate, pinnedA && pinnedB);
        }
    }

    private volatile boolean pinnedA;
    private volatile boolean pinnedB;

    private UmpChannel[] open(final Arena arena)
    {
        final MemorySegment frame = arena.allocate(UmpDescriptor.frameBytes(SLOTS), UmpDescriptor.SLOT_BYTES);
        return new UmpChannel[] {new UmpChannel(frame, SLOTS, true, 0, 1, CoreWakeup.NONE),
            new UmpChannel(frame, SLOTS, false, 1, 0, CoreWakeup.NONE)};
    }

    /** The median of the batches' round trips, ns; the first fifth of the batches are warm-up. */
    private double roundTrip(final Arena arena) throws InterruptedException
    {
        final UmpChannel[] ends = open(arena);
        final Thread echo = Thread.ofPlatform().name("urpc-echo").start(() ->
        {
            pinnedB = Affinity.pinCurrentThread(cpuB).pinned();
            final boolean[] stop = {false};
            final MessageHandler handler = (channel, type, payload, length) ->
            {
                if (type == STOP)
                {
                    stop[0] = true;
                }
                else if (!channel.trySend(PONG, payload[0]))
                {
                    throw new IllegalStateException("a ping-pong never fills its ring");
                }
            };
            while (!stop[0])
            {
                ends[1].poll(handler, 1);
            }
        });
        final int warm = Math.max(1, batches / 5);
        final double[] perRound = new double[batches];
        final AtomicLong replies = new AtomicLong();
        final MessageHandler counter = (channel, type, payload, length) -> replies.lazySet(replies.get() + 1);
        pinned(cpuA, () ->
        {
            pinnedA = Affinity.pinCurrentThread(cpuA).pinned();
            for (int batch = 0; batch < warm + batches; batch++)
            {
                final long start = System.nanoTime();
                for (int i = 0; i < roundsPerBatch; i++)
                {
                    final long before = replies.get();
                    send(ends[0], PING, i);
                    while (replies.get() == before)
                    {
                        ends[0].poll(counter, 1);
                    }
                }
                final long took = System.nanoTime() - start;
                if (batch >= warm)
                {
                    perRound[batch - warm] = (double)took / roundsPerBatch;
                }
            }
            send(ends[0], STOP, 0);
        });
        echo.join();
        Arrays.sort(perRound);
        return perRound[perRound.length / 2];
    }

    /** Chunks the stream is timed in; the first quarter of them are warm-up. */
    private static final int CHUNKS = 32;

    /**
     * Messages per microsecond: the receiver times each of {@link #CHUNKS} equal parts of the stream and the
     * median part after the warm-up counts (so a part in which the host descheduled a thread does not).
     */
    private double stream(final Arena arena) throws InterruptedException
    {
        final UmpChannel[] ends = open(arena);
        final long chunk = Math.max(1, (long)batches * roundsPerBatch * 8 / CHUNKS);
        final long total = chunk * CHUNKS;
        final long[] at = new long[CHUNKS + 1];
        final Thread sink = Thread.ofPlatform().name("urpc-sink").start(() ->
        {
            Affinity.pinCurrentThread(cpuB);
            final long[] received = {0};
            final MessageHandler handler = (channel, type, payload, length) ->
            {
                if (++received[0] % chunk == 0)
                {
                    at[(int)(received[0] / chunk)] = System.nanoTime();
                }
            };
            while (received[0] < total)
            {
                ends[1].poll(handler, SLOTS);
            }
        });
        pinned(cpuA, () ->
        {
            for (long i = 0; i < total; i++)
            {
                send(ends[0], DATA, i);
            }
        });
        sink.join();
        final int warm = CHUNKS / 4;
        final double[] rates = new double[CHUNKS - warm];
        for (int c = warm + 1; c <= CHUNKS; c++)
        {
            rates[c - warm - 1] = chunk / ((at[c] - at[c - 1]) / 1e3);
        }
        Arrays.sort(rates);
        return rates[rates.length / 2];
    }

    /** Runs {@code body} in a new thread pinned to {@code cpu} and waits for it; rethrows what it threw. */
    private static void pinned(final int cpu, final Runnable body) throws InterruptedException
    {
        final Throwable[] failure = {null};
        final Thread thread = Thread.ofPlatform().name("urpc-" + cpu).start(() ->
        {
            Affinity.pinCurrentThread(cpu);
            try
            {
                body.run();
            }
            catch (final RuntimeException | Error e)
            {
                failure[0] = e;
            }
        });
        thread.join();
        if (failure[0] != null)
        {
            throw new IllegalStateException("the pinned thread on CPU " + cpu + " failed: " + failure[0], failure[0]);
        }
    }

    private static void send(final Channel channel, final int type, final long word)
    {
        while (!channel.trySend(type, word))
        {
            Thread.onSpinWait();
        }
    }
}
