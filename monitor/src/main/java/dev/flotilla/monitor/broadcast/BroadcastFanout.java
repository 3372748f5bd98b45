package dev.flotilla.monitor.broadcast;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Decoder;
import dev.flotilla.idl.Port;
import dev.flotilla.idl.RecordCodec;
import dev.flotilla.idl.Rejection;
import dev.flotilla.monitor.intermon.BroadcastBinding;
import dev.flotilla.monitor.intermon.BroadcastHandler;
import dev.flotilla.urpc.BroadcastAddress;
import dev.flotilla.urpc.BroadcastChannel;
import dev.flotilla.urpc.BroadcastReceiver;
import dev.flotilla.urpc.ChannelCounters;
import dev.flotilla.urpc.Interconnect;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The broadcast channels of one core's monitor (paper §5, Figs. 6 and 8: "broadcast"): the one this core writes,
 * made on its first use, and those of other cores it joined as a reader. Both the TLB shootdown and the agreement
 * protocols write through it: a broadcast node of their tree writes each round's (or phase's) message once, as one
 * declared record ({@link BroadcastRecords}), instead of one message per child.
 *
 * <pre>
 *   writer w, first use:   createBroadcast(w, every other core it has a channel to)
 *                          join(address, i) to reader i, on its channel ──▶ reader i: attachBroadcast(address, i)
 *   every record:          one message into the ring: a BroadcastRecords record ──▶ every reader takes it; one
 *                          of its targets hands it to its protocol, which answers on its own channel back to w
 * </pre>
 * The join travels on the channel the answers come back on, before the first record is written, and the ring keeps
 * every message until every reader took it, so a reader that joins after a record was written still finds it. A
 * record that finds the ring full waits here, in order, until the slowest reader frees its slots — so one slow
 * reader holds back every later record for all. Records leave in the order they were given, whichever protocol
 * gave them. The ring's message type is unused (0): its words are the record, its kind first. A record that does
 * not decode, or for a protocol not served here, is refused and kept as a {@link Rejection} with its code, as a
 * port refuses a malformed message. Core-confined.
 */
public final class BroadcastFanout implements BroadcastHandler
{
    /** The ring's message type: one declared set travels on it, so the type names nothing. */
    private static final int RECORD_TYPE = 0;
    private static final int KEPT_REJECTIONS = 8;

    /** Why a record could not be written. */
    public enum Refusal
    {
        /** No interconnect to make the channel with. */
        NO_CHANNEL,
        /** A target does not read this core's channel (it had no channel to this core when the ring was made). */
        NOT_A_READER,
        /** The record is longer than the ring. */
        TOO_LONG
    }

    /** The TLB shootdown's records, with the writer of the ring each came from. */
    public interface ShootdownReader
    {
        void onBroadcastShootdown(int writer, long round, long domain, long address, long[] targets);
    }

    /** The agreement protocols' records, with the writer of the ring each came from. */
    public interface CommitReader
    {
        void onBroadcastApply(int writer, long round, int table, long[] targets, byte[] change);

        void onBroadcastPrepare(int writer, long round, int table, long[] targets, byte[] change);

        void onBroadcastDecide(int writer, long round, boolean commit, long[] targets);
    }

    private final int core;
    private final int cores;
    private final Interconnect interconnect;
    private final int ringSlots;
    private final BroadcastBinding[] peers;
    /** This core's channel; null until its first record. */
    private BroadcastChannel out;
    /** Readers of the channel, by core: index + 1, 0 for a core that does not read it. */
    private int[] readerNumber;
    /** Other cores' channels this core joined, by writer, and what hands their records on. */
    private final BroadcastReceiver[] in;
    private final FromWriter[] from;
    private final ArrayDeque<long[]> waiting = new ArrayDeque<>();
    private final ArrayDeque<Rejection> recent = new ArrayDeque<>();
    private ShootdownReader shootdowns;
    private CommitReader commits;
    private long written;
    private long rejected;

    /**
     * @param interconnect makes and joins the channels; null where none can be made (then every record is refused
     *                     with {@link Refusal#NO_CHANNEL}).
     * @param ringSlots    the slots of the ring this core writes.
     */
    public BroadcastFanout(final int core, final int cores, final Interconnect interconnect, final int ringSlots)
    {
        this.core = core;
        this.cores = cores;
        this.interconnect = interconnect;
        this.ringSlots = ringSlots;
        this.peers = new BroadcastBinding[cores];
        this.in = new BroadcastReceiver[cores];
        this.from = new FromWriter[cores];
    }

    /** The monitor has {@code port} to the monitor of {@code peer}: the joins travel on it. */
    public void attach(final int peer, final Port port)
    {
        peers[peer] = new BroadcastBinding(port, this);
    }

    /** The shootdown records of the rings this core reads go to {@code reader}. */
    public void serve(final ShootdownReader reader)
    {
        shootdowns = reader;
    }

    /** The agreement records of the rings this core reads go to {@code reader}. */
    public void serve(final CommitReader reader)
    {
        commits = reader;
    }

    /** True if a record can be written at all (an interconnect was given). */
    public boolean available()
    {
        return interconnect != null;
    }

    /**
     * Writes one record for {@code targets} into this core's channel, making it first if needed; {@code record}
     * encodes it given the targets' bitmap (a {@code BroadcastRecordsCodec} method).
     *
     * @return null once written, or waiting in order for room; else why not (nothing was written).
     */
    public Refusal send(final List<Integer> targets, final Function<long[], byte[]> record)
    {
        if (interconnect == null)
        {
            return Refusal.NO_CHANNEL;
        }
        if (out == null)
        {
            open();
        }
        for (final int target : targets)
        {
            if (target < 0 || target >= cores || readerNumber[target] == 0)
            {
                return Refusal.NOT_A_READER;
            }
        }
        final long[] words = RecordCodec.words(record.apply(bitmap(targets, cores)));
        if (words.length > out.maxMessageWords())
        {
            return Refusal.TOO_LONG;
        }
        waiting.add(words);
        flush();
        return null;
    }

    /** {@code targets} as a bitmap of {@code cores} cores: bit {@code c % 64} of word {@code c / 64}. */
    public static long[] bitmap(final List<Integer> targets, final int cores)
    {
        final long[] bits = new long[(cores + 63) / 64];
        for (final int target : targets)
        {
            bits[target / 64] |= 1L << (target % 64);
        }
        return bits;
    }

    /** True if {@code bitmap} names {@code core}. */
    public static boolean targets(final long[] bitmap, final int core)
    {
        return core / 64 < bitmap.length && (bitmap[core / 64] >>> (core % 64) & 1) != 0;
    }

    private void open()
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
        while (!waiting.isEmpty() && out.trySend(RECORD_TYPE, waiting.peek(), 0, waiting.peek().length))
        {
            waiting.poll();
            written++;
            sent++;
        }
        return sent;
    }

    @Override
    public void onJoin(final BroadcastBinding binding, final long[] address, final int reader)
    {
        final int writer = binding.port().channel().remoteCore();
        if (in[writer] != null)
        {
            binding.unexpected("join: core " + core + " already reads the broadcast channel of core " + writer);
            return;
        }
        try
        {
            in[writer] = interconnect.attachBroadcast(core, BroadcastAddress.fromWords(address, 0), reader);
            from[writer] = new FromWriter(writer);
        }
        catch (final IllegalArgumentException | NullPointerException bad)
        {
            binding.unexpected("join: a broadcast channel this core cannot join: " + bad.getMessage());
        }
    }

    /** Writes what waits and hands on every record that arrived on the channels joined; returns the work done. */
    public int poll(final int limit)
    {
        int work = waiting.isEmpty() ? 0 : flush();
        for (final BroadcastReceiver receiver : in)
        {
            if (receiver != null)
            {
                work += receiver.poll(this::onRecord, limit);
            }
        }
        return work;
    }

    private void onRecord(final BroadcastReceiver receiver, final int type, final long[] payload, final int length)
    {
        if (type != RECORD_TYPE)
        {
            reject(new Rejection(ErrorCode.RX_INVALID_MSGNUM, type, "broadcast message of type " + type
                + " from core " + receiver.writerCore() + ": the ring carries BroadcastRecords, type 0"));
            return;
        }
        final byte[] record = RecordCodec.record(payload, length);
        try
        {
            BroadcastRecordsCodec.apply(record, from[receiver.writerCore()]);
        }
        catch (final Decoder.Malformed malformed)
        {
            reject(new Rejection(malformed.code(), type, "broadcast record from core " + receiver.writerCore() + ": "
                + malformed.getMessage()));
        }
    }

    private void reject(final Rejection rejection)
    {
        rejected++;
        if (recent.size() == KEPT_REJECTIONS)
        {
            recent.poll();
        }
        recent.add(rejection);
    }

    /** True if a record waits for room in this core's ring: the monitor must keep polling, not sleep. */
    public boolean sendWaiting()
    {
        return !waiting.isEmpty();
    }

    /** True if this core reads {@code writer}'s channel. */
    public boolean reads(final int writer)
    {
        return in[writer] != null;
    }

    /** Records written into this core's ring so far (one per record, however many read it). */
    public long written()
    {
        return written;
    }

    /** The counters of this core's ring; null before its first record. */
    public ChannelCounters counters()
    {
        return out == null ? null : out.counters();
    }

    /** Records refused here (malformed, or for a protocol not served). */
    public long rejected()
    {
        return rejected;
    }

    /** The latest refusals, oldest first. */
    public List<Rejection> recentRejections()
    {
        return List.copyOf(recent);
    }

    @Override
    public String toString()
    {
        return "broadcast fan-out of core " + core + (out == null ? "" : " to " + out.readers() + " readers")
            + ", reading " + Arrays.stream(in).filter(r -> r != null).count();
    }

    /** Hands the records of one writer's ring to the protocols, with the writer. */
    private final class FromWriter implements BroadcastRecords
    {
        private final int writer;

        FromWriter(final int writer)
        {
            this.writer = writer;
        }

        @Override
        public void shootdown(final long round, final long domain, final long address, final long[] targets)
        {
            if (shootdowns == null)
            {
                unserved("shootdown");
                return;
            }
            shootdowns.onBroadcastShootdown(writer, round, domain, address, targets);
        }

        @Override
        public void apply(final long round, final int table, final long[] targets, final byte[] change)
        {
            if (commits == null)
            {
                unserved("apply");
                return;
            }
            commits.onBroadcastApply(writer, round, table, targets, change);
        }

        @Override
        public void prepare(final long round, final int table, final long[] targets, final byte[] change)
        {
            if (commits == null)
            {
                unserved("prepare");
                return;
            }
            commits.onBroadcastPrepare(writer, round, table, targets, change);
        }

        @Override
        public void decide(final long round, final boolean commit, final long[] targets)
        {
            if (commits == null)
            {
                unserved("decide");
                return;
            }
            commits.onBroadcastDecide(writer, round, commit, targets);
        }

        private void unserved(final String kind)
        {
            reject(new Rejection(ErrorCode.UNHANDLED_MESSAGE, RECORD_TYPE, "broadcast record " + kind + " from core "
                + writer + ": this core serves no protocol for it"));
        }
    }
}
