package dev.flotilla.monitor.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Port;
import dev.flotilla.idl.RecordCodec;
import dev.flotilla.idl.Rejection;
import dev.flotilla.monitor.SteppedPlatform;
import dev.flotilla.monitor.intermon.BroadcastBinding;
import dev.flotilla.urpc.BroadcastAddress;
import dev.flotilla.urpc.BroadcastChannel;
import dev.flotilla.urpc.ChannelSetup;
import dev.flotilla.urpc.SharedMemoryInterconnect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The broadcast channels of a monitor, on real UMP channels and a real broadcast ring between two cores: a record
 * reaches the protocol that serves it with its writer; records of both protocols share one ring, in order; a target
 * that does not read the ring and a record longer than the ring are refused before anything is written; a record
 * that does not decode, a message of another type and a record for a protocol not served are refused with their
 * codes and hand nothing on.
 */
class BroadcastFanoutTest
{
    /** Writes down what the protocols are handed. */
    private static final class Taken implements BroadcastFanout.ShootdownReader, BroadcastFanout.CommitReader
    {
        final List<String> records = new ArrayList<>();

        @Override
        public void onBroadcastShootdown(final int writer, final long round, final long domain, final long address,
            final long[] targets)
        {
            records.add("shootdown from " + writer + " " + round + " " + domain + " " + address + " " + bits(targets));
        }

        @Override
        public void onBroadcastApply(final int writer, final long round, final int table, final long[] targets,
            final byte[] change)
        {
            records.add("apply from " + writer + " " + round + " " + table + " " + bits(targets) + " "
                + Arrays.toString(change));
        }

        @Override
        public void onBroadcastPrepare(final int writer, final long round, final int table, final long[] targets,
            final byte[] change)
        {
            records.add("prepare from " + writer + " " + round + " " + table + " " + bits(targets) + " "
                + Arrays.toString(change));
        }

        @Override
        public void onBroadcastDecide(final int writer, final long round, final boolean commit, final long[] targets)
        {
            records.add("decide from " + writer + " " + round + " " + commit + " " + bits(targets));
        }

        private static String bits(final long[] targets)
        {
            return Long.toBinaryString(targets[0]);
        }
    }

    /** Core 0 writes, cores 1 and 2 read. */
    private static final class Three implements AutoCloseable
    {
        final SteppedPlatform memory = new SteppedPlatform(3, 1_000);
        final SharedMemoryInterconnect interconnect = new SharedMemoryInterconnect(memory);
        final BroadcastFanout[] fanouts = new BroadcastFanout[3];
        final List<Port> ports = new ArrayList<>();

        Three()
        {
            for (int core = 0; core < 3; core++)
            {
                fanouts[core] = new BroadcastFanout(core, 3, interconnect, 4);
            }
            for (int a = 0; a < 3; a++)
            {
                for (int b = a + 1; b < 3; b++)
                {
                    final ChannelSetup setup = interconnect.create(a, b, 4);
                    final Port there = new Port(setup.local());
                    final Port back = new Port(interconnect.attach(b, setup.descriptor()));
                    fanouts[a].attach(b, there);
                    fanouts[b].attach(a, back);
                    ports.addAll(List.of(there, back));
                }
            }
        }

        void settle()
        {
            for (int i = 0; i < 16; i++)
            {
                ports.forEach(p -> p.poll(16));
                for (final BroadcastFanout fanout : fanouts)
                {
                    fanout.poll(16);
                }
            }
        }

        @Override
        public void close()
        {
            memory.close();
        }
    }

    @Test
    void recordsOfBothProtocolsReachTheirReadersWithTheWriterInOrder()
    {
        try (Three three = new Three())
        {
            final Taken taken = new Taken();
            three.fanouts[1].serve((BroadcastFanout.ShootdownReader)taken);
            three.fanouts[1].serve((BroadcastFanout.CommitReader)taken);
            assertNull(three.fanouts[0].send(List.of(1, 2), t -> BroadcastRecordsCodec.shootdown(7, 8, 9, t)));
            assertNull(three.fanouts[0].send(List.of(1), t -> BroadcastRecordsCodec.prepare(10, 3, t, new byte[] {4})));
            assertNull(three.fanouts[0].send(List.of(2), t -> BroadcastRecordsCodec.decide(10, true, t)));
            assertNull(three.fanouts[0].send(List.of(1, 2), t -> BroadcastRecordsCodec.apply(11, 3, t, new byte[0])));
            three.settle();
            assertEquals(List.of("shootdown from 0 7 8 9 110", "prepare from 0 10 3 10 [4]", "decide from 0 10 true 100",
                "apply from 0 11 3 110 []"), taken.records, "every record, whoever it targets: the protocol checks");
            assertEquals(4, three.fanouts[0].written());
            assertEquals(4, three.fanouts[0].counters().messagesSent());
            assertTrue(three.fanouts[1].reads(0));
            assertTrue(BroadcastFanout.targets(BroadcastFanout.bitmap(List.of(1, 2), 3), 2));
            assertEquals(0, three.fanouts[1].rejected());
        }
    }

    @Test
    void aTargetThatDoesNotReadAndARecordLongerThanTheRingAreRefusedBeforeAnythingIsWritten()
    {
        try (Three three = new Three())
        {
            assertEquals(BroadcastFanout.Refusal.NOT_A_READER,
                three.fanouts[0].send(List.of(1, 0), t -> BroadcastRecordsCodec.decide(1, true, t)));
            assertEquals(BroadcastFanout.Refusal.NOT_A_READER,
                three.fanouts[0].send(List.of(3), t -> BroadcastRecordsCodec.decide(1, true, t)));
            assertEquals(BroadcastFanout.Refusal.TOO_LONG,
                three.fanouts[0].send(List.of(1), t -> BroadcastRecordsCodec.apply(1, 1, t, new byte[4 * 7 * 8])));
            assertEquals(0, three.fanouts[0].written());
            assertEquals(BroadcastFanout.Refusal.NO_CHANNEL, new BroadcastFanout(0, 3, null, 4)
                .send(List.of(1), t -> BroadcastRecordsCodec.decide(1, true, t)));
        }
    }

    @Test
    void aBadRecordIsRefusedWithItsCodeAndHandsNothingOn()
    {
        try (Three three = new Three())
        {
            final Taken taken = new Taken();
            three.fanouts[1].serve((BroadcastFanout.CommitReader)taken); // no shootdown reader on core 1
            // core 2 writes raw words into a ring of its own that core 1 joins, as a monitor's fan-out would
            final BroadcastChannel raw = three.interconnect.createBroadcast(2, new int[] {1}, 4);
            final long[] address = new long[BroadcastAddress.WORDS];
            raw.address().toWords(address, 0);
            final ChannelSetup setup = three.interconnect.create(2, 1, 4); // a channel of the test's own for the join
            final Port atOne = new Port(three.interconnect.attach(1, setup.descriptor()));
            new BroadcastBinding(atOne, three.fanouts[1]);
            new BroadcastBinding(new Port(setup.local())).join(address, 0);
            three.ports.add(atOne);
            three.settle();
            assertTrue(three.fanouts[1].reads(2));
            final long[] decide = RecordCodec.words(BroadcastRecordsCodec.decide(5, false, new long[] {2}));
            final long[] unknown = decide.clone();
            unknown[0] = 9;
            assertTrue(raw.trySend(0, unknown, 0, unknown.length));
            assertTrue(raw.trySend(0, decide, 0, decide.length - 1));
            assertTrue(raw.trySend(3, decide, 0, decide.length));
            final long[] shootdown = RecordCodec.words(BroadcastRecordsCodec.shootdown(1, 2, 3, new long[] {2}));
            assertTrue(raw.trySend(0, shootdown, 0, shootdown.length));
            three.settle();
            assertTrue(raw.trySend(0, decide, 0, decide.length));
            three.settle();
            assertEquals(List.of("decide from 2 5 false 10"), taken.records, "only the good record was handed on");
            assertEquals(4, three.fanouts[1].rejected());
            assertEquals(List.of(ErrorCode.RX_INVALID_MSGNUM, ErrorCode.RX_INVALID_LENGTH, ErrorCode.RX_INVALID_MSGNUM,
                ErrorCode.UNHANDLED_MESSAGE), three.fanouts[1].recentRejections().stream().map(Rejection::code).toList(),
                three.fanouts[1].recentRejections().toString());
        }
    }
}
