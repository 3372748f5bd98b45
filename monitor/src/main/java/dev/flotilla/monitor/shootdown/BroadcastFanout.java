package dev.flotilla.monitor.shootdown;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.monitor.intermon.ShootdownBinding;
import dev.flotilla.urpc.BroadcastAddress;
import dev.flotilla.urpc.BroadcastChannel;
import dev.flotilla.urpc.BroadcastHandler;
import dev.flotilla.urpc.BroadcastReceiver;
import dev.flotilla.urpc.Interconnect;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shared channels of the broadcast strategy at one core's monitor (paper §5, Fig. 6: "broadcast"): the one
 * this core writes, made on its first broadcast round, and those of other cores it joined as a reader.
 *
 * <pre>
 *   writer w, first round:   createBroadcast(w, every other core it has a channel to)
 *                            join(address, i) to reader i, on its channel ──▶ reader i: attachBroadcast(address, i)
 *   every round:             one message [round, domain, address, target bitmap] into the ring
 *                                                                         ──▶ every reader takes it; a target
 *                                                                             drops and answers dropped() to w
 * </pre>
 * The join travels on the channel the round's answers come back on, before the first round is written, and the
 * ring keeps every message until every reader took it, so a reader that joins after the round was written still
 * finds it. A round that finds the ring full waits here, in order, until the slowest reader frees a slot.
 * Core-confined.
 */
final class BroadcastFanout
{
    /** The one message type on a shootdown broadcast channel: a round. */
    static final int ROUND = 1;
    private static final int HEADER_WORDS = 3;

    private final int core;
    private final int cores;
    private final Interconnect interconnect;
    private final int ringSlots;
    /** This core's channel; null until its first broadcast round. */
    private BroadcastChannel out;
    /** Readers of the channel, by core: index + 1, 0 for a core that does not read it. */
    private int[] readerNumber;
    /** Other cores' channels this core joined, by writer. */
    private final BroadcastReceiver[] in;
    private final ArrayDeque<long[]> waiting = new ArrayDeque<>();

    /**
     * @param interconnect makes and joins the channels; null where none can be made (then broadcast rounds are
     *                     refused with TRANSPORT_UNAVAILABLE).
     */
    BroadcastFanout(final int core, final int cores, final Interconnect interconnect, final int ringSlots)
    {
        this.core = core;
        this.cores = cores;
        this.interconnect = interconnect;
        this.ringSlots = ringSlots;
        this.in = new BroadcastReceiver[cores];
    }

    /**
     * Writes round {@code round} for {@code targets} into this core's channel, making it first if needed.
     *
     * @return null, or the code: TRANSPORT_UNAVAILABLE without an interconnect; SHOOTDOWN_BAD_TREE for a target
     *         that does not read the channel (no channel to it when the channel was made).
     */
    ErrorCode send(final long round, final long domain, final long address, final List<Integer> targets,
        final ShootdownBinding[] peers)
    {
        if (interconnect == null)
        {
            return ErrorCode.TRANSPORT_UNAVAILABLE;
        }
        if (out == null)
        {
            open(peers);
        }
        final long[] message = new long[HEADER_WORDS + (cores + 63) / 64];
        message[0] = round;
        message[1] = domain;
        message[2] = address;
        for (final int target : targets)
        {
            if (target < 0 || target >= cores || readerNumber[target] == 0)
            {
                return ErrorCode.SHOOTDOWN_BAD_TREE;
            }
            message[HEADER_WORDS + target / 64] |= 1L << (target % 64);
        }
        waiting.add(message);
        flush();
        return null;
    }

    private void open(final ShootdownBinding[] peers)
    {
        final List<Integer> readers = new ArrayList<>();
        for (int peer = 0; peer < cores; peer++)
        {
            if (peer != core && peers[peer] != null)
            {
                readers.add(peer);
            }
        }
        out = interconnect.createBroadcast(core, readers.stream().mapToInt(Integer::intValue).toArray(), ringSlots);
        readerNumber = new int[cores];
        final long[] words = new long[BroadcastAddress.WORDS];
        out.address().toWords(words, 0);
        for (int i = 0; i < readers.size(); i++)
        {
            readerNumber[readers.get(i)] = i + 1;
            peers[readers.get(i)].join(words, i);
        }
    }

    /** Writes what waits, in order, while the ring has room. */
    private int flush()
    {
        int sent = 0;
        while (!waiting.isEmpty() && out.trySend(ROUND, waiting.peek(), 0, waiting.peek().length))
        {
            waiting.poll();
            sent++;
        }
        return sent;
    }

    /** {@code writer} asked this core to read its channel as reader {@code reader}. */
    void join(final int writer, final long[] words, final int reader)
    {
        if (in[writer] != null)
        {
            throw new IllegalArgumentException("core " + core + " already reads the broadcast channel of core " + writer);
        }
        in[writer] = interconnect.attachBroadcast(core, BroadcastAddress.fromWords(words, 0), reader);
    }

    /** Writes what waits and takes every round that arrived on the channels joined; returns the work done. */
    int poll(final BroadcastHandler handler, final int limit)
    {
        int work = waiting.isEmpty() ? 0 : flush();
        for (final BroadcastReceiver receiver : in)
        {
            if (receiver != null)
            {
                work += receiver.poll(handler, limit);
            }
        }
        return work;
    }

    /** True if a round waits for room in this core's ring. */
    boolean sendWaiting()
    {
        return !waiting.isEmpty();
    }

    /** True if {@code payload}, a round, names this core among its targets. */
    boolean targets(final long[] payload, final int length)
    {
        final int word = HEADER_WORDS + core / 64;
        return word < length && (payload[word] >>> (core % 64) & 1) != 0;
    }

    /** True if this core reads {@code writer}'s channel. */
    boolean reads(final int writer)
    {
        return in[writer] != null;
    }

    @Override
    public String toString()
    {
        return "broadcast fan-out of core " + core + (out == null ? "" : " to " + out.readers() + " readers")
            + ", reading " + Arrays.stream(in).filter(r -> r != null).count();
    }
}
