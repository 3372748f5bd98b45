package dev.flotilla.bench.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmh.infra.Control;

/**
 * Runs the benchmark bodies themselves, on two threads (one for the one-thread benchmark), for a
 * few hundred messages per transport (nothing is timed): every transport must deliver every payload
 * intact and in order, and a wait cut short by the end of an iteration must resume without losing
 * or doubling a message.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchmarkBodiesTest
{
    private static final int ROUND_TRIPS = 100;
    /** Enough invocations to lap a ring of {@link StreamingBenchmark#CAPACITY} a few times. */
    private static final int STREAM_INVOCATIONS = 40;

    private final ExecutorService peer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopPeer()
    {
        peer.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pingPongEchoesEveryPayload(final Transport transport) throws Exception
    {
        final PingPongBenchmark bench = new PingPongBenchmark();
        bench.transport = transport.name();
        bench.open();
        final Control control = new Control();
        final PingPongBenchmark.Echoer echoer = new PingPongBenchmark.Echoer();
        final Future<Long> echoes = peer.submit(() ->
        {
            long count = 0;
            while (!control.stopMeasurement)
            {
                final long ping = bench.echo(echoer, control);
                if (ping != Message.EMPTY)
                {
                    assertEquals(Message.checksum(count), ping, "ping " + count + " as the echoer read it");
                    count++;
                }
            }
            return count;
        });
        final PingPongBenchmark.Pinger pinger = new PingPongBenchmark.Pinger();
        for (int i = 0; i < ROUND_TRIPS; i++)
        {
            assertEquals(Message.checksum(Message.checksum(i)), bench.ping(pinger, control), "echo of ping " + i);
        }
        control.stopMeasurement = true;
        assertEquals(ROUND_TRIPS, echoes.get());
        assertEquals(ROUND_TRIPS, pinger.seq);
        bench.close();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"FLOOR", "BARE_RING"}, mode = EnumSource.Mode.EXCLUDE)
    void streamingDeliversEveryMessageInOrder(final Transport transport) throws Exception
    {
        final StreamingBenchmark bench = new StreamingBenchmark();
        bench.transport = transport.name();
        bench.open();
        final Control control = new Control();
        final StreamingBenchmark.Producer producer = new StreamingBenchmark.Producer();
        final Future<?> produced = peer.submit(() ->
        {
            for (int i = 0; i < STREAM_INVOCATIONS; i++)
            {
                bench.produce(producer, control);
            }
        });
        final StreamingBenchmark.Consumer consumer = new StreamingBenchmark.Consumer();
        long fold = 0;
        for (int i = 0; i < STREAM_INVOCATIONS; i++)
        {
            fold = bench.consume(consumer, control);
        }
        produced.get();
        long expected = 0;
        for (long base = 0; base < (long)STREAM_INVOCATIONS * StreamingBenchmark.BATCH; base++)
        {
            expected = Message.fold(expected, Message.checksum(base));
        }
        assertEquals(expected, fold, transport + ": fold of every checksum received");
        assertEquals((long)STREAM_INVOCATIONS * StreamingBenchmark.BATCH, producer.next);
        bench.close();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"FLOOR", "BARE_RING", "UMP"}, mode = EnumSource.Mode.EXCLUDE)
    void alternatingStreamingBlocksDeliverEveryMessageOnBothLinksAndPairThem(final Transport against)
        throws Exception
    {
        final PairedStreamingBenchmark bench = new PairedStreamingBenchmark();
        bench.against = against.name();
        bench.open();
        final Control control = new Control();
        final int invocations = 4 * PairedStreamingBenchmark.BLOCK / PairedStreamingBenchmark.BATCH; // 4 blocks
        final PairedStreamingBenchmark.Producer producer = new PairedStreamingBenchmark.Producer();
        final Future<?> produced = peer.submit(() ->
        {
            for (int i = 0; i < invocations; i++)
            {
                bench.produce(producer, control);
            }
        });
        final PairedStreamingBenchmark.Consumer consumer = new PairedStreamingBenchmark.Consumer();
        consumer.measuring = true;
        for (int i = 0; i < invocations; i++)
        {
            bench.consume(consumer, control);
        }
        produced.get();
        assertEquals(4, producer.blocks);
        assertEquals(4, consumer.blocks);
        long expected = 0;
        for (long base = 0; base < 2L * PairedStreamingBenchmark.BLOCK; base++)
        {
            expected = Message.fold(expected, Message.checksum(base));
        }
        for (int link = 0; link < 2; link++)
        {
            assertEquals(2L * PairedStreamingBenchmark.BLOCK, producer.next[link], "messages sent on link " + link);
            assertEquals(expected, bench.consumerSide(link).fold(), against + ": every message of link " + link
                + " arrived once, in order");
        }
        assertEquals(2, consumer.pairs.size(), "two UMP blocks, each followed by one of the other link");
        assertTrue(consumer.pairs.medianRatio() > 0, "both links' blocks were timed");
        bench.close();
    }

    @Test
    void aStreamingBlockCutShortByTheEndOfAnIterationIsNotPaired()
    {
        final PairedStreamingBenchmark bench = new PairedStreamingBenchmark();
        bench.against = Transport.AGRONA.name();
        bench.open();
        final Control running = new Control();
        final Control stopped = new Control();
        stopped.stopMeasurement = true;
        final PairedStreamingBenchmark.Producer producer = new PairedStreamingBenchmark.Producer();
        final PairedStreamingBenchmark.Consumer consumer = new PairedStreamingBenchmark.Consumer();
        consumer.measuring = true;
        bench.consume(consumer, stopped); // nothing sent yet: the block has not begun, so nothing is lost
        bench.produce(producer, running);
        bench.consume(consumer, running); // one batch of the first UMP block
        bench.consume(consumer, stopped); // the iteration ends while the block waits for more
        assertFalse(consumer.whole);
        final int perBlock = PairedStreamingBenchmark.BLOCK / PairedStreamingBenchmark.BATCH;
        for (int i = 0; i < 2 * perBlock - 1; i++)
        {
            bench.produce(producer, running);
            bench.consume(consumer, running);
        }
        assertEquals(2, consumer.blocks);
        assertEquals(0, consumer.pairs.size(), "the first UMP block was interrupted, so its pair is dropped");
        for (int i = 0; i < 2 * perBlock; i++)
        {
            bench.produce(producer, running);
            bench.consume(consumer, running);
        }
        assertEquals(1, consumer.pairs.size(), "the next two blocks ran whole and make a pair");
        bench.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRoundTripCutShortByTheEndOfAnIterationResumes(final Transport transport) throws Exception
    {
        final PingPongBenchmark bench = new PingPongBenchmark();
        bench.transport = transport.name();
        bench.open();
        final Control stopped = new Control();
        stopped.stopMeasurement = true;
        final PingPongBenchmark.Pinger pinger = new PingPongBenchmark.Pinger();
        final PingPongBenchmark.Echoer echoer = new PingPongBenchmark.Echoer();

        assertEquals(Message.EMPTY, bench.ping(pinger, stopped), "no echoer yet: the ping is sent, the wait ends");
        assertTrue(pinger.awaiting);
        assertEquals(Message.checksum(0), bench.echo(echoer, stopped), "the echoer finds the ping and answers");
        assertEquals(Message.EMPTY, bench.echo(echoer, stopped), "nothing more to echo");
        assertEquals(Message.checksum(Message.checksum(0)), bench.ping(pinger, new Control()),
            "the next invocation resumes the same exchange and gets its echo");
        assertEquals(1, pinger.seq);
        bench.close();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = "UMP", mode = EnumSource.Mode.EXCLUDE)
    void alternatingBlocksCarryEveryPayloadOnBothLinks(final Transport against) throws Exception
    {
        final PairedRoundTripBenchmark bench = new PairedRoundTripBenchmark();
        bench.against = against.name();
        bench.open();
        final Control control = new Control();
        final PairedRoundTripBenchmark.Echoer echoer = new PairedRoundTripBenchmark.Echoer();
        final Future<?> echoes = peer.submit(() ->
        {
            while (!control.stopMeasurement)
            {
                bench.echo(echoer, control);
            }
        });
        final PairedRoundTripBenchmark.Pinger pinger = new PairedRoundTripBenchmark.Pinger();
        pinger.measuring = true;
        bench.ping(pinger, control); // checks every echo's checksum itself
        control.stopMeasurement = true;
        echoes.get();
        assertEquals(2L * PairedRoundTripBenchmark.BLOCK, pinger.seq);
        assertEquals(1, pinger.pairs.size());
        assertTrue(pinger.pairs.medianRatio() > 0, "both links' blocks were timed");
        bench.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void oneThreadSendsAndReceivesEveryPayload(final Transport transport)
    {
        final SendReceiveBenchmark bench = new SendReceiveBenchmark();
        bench.transport = transport.name();
        bench.open();
        for (int i = 0; i < 3 * PingPongBenchmark.CAPACITY; i++)
        {
            assertEquals(Message.checksum(i), bench.sendReceive(), "message " + i);
        }
        bench.close();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"FLOOR", "BARE_RING"})
    void theReferencesCannotStream(final Transport transport)
    {
        assertFalse(transport.streams());
        assertThrows(UnsupportedOperationException.class, () -> transport.openStream(16));
        final StreamingBenchmark bench = new StreamingBenchmark();
        bench.transport = transport.name();
        assertThrows(UnsupportedOperationException.class, bench::open);
    }
}
