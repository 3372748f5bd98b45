package dev.flotilla.bench.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.bench.channels.MachineInfo;
import dev.flotilla.bench.layouts.AlternatingBlocks;
import dev.flotilla.bench.layouts.Handoff;
import dev.flotilla.bench.threads.Footprint;
import java.lang.foreign.Arena;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every benchmark body of {@code bench rpc} runs and answers correctly; nothing here asserts a speed. */
class RpcBenchmarkBodiesTest
{
    @Test
    void theSameCoreLrpcAnswersOneCallPerRoundTripBothWays()
    {
        final LrpcBenchmark bodies = new LrpcBenchmark();
        bodies.start();
        for (long i = 1; i <= 200; i++)
        {
            assertEquals(i, bodies.blockingCall());
            assertEquals(i, bodies.splitPhaseCall());
            assertEquals(i, bodies.rawLmpCall());
        }
    }

    @Test
    void aSteadyLrpcTakesOneCpuDriverStepOfTwoDispatches()
    {
        final SameCoreLrpc lrpc = new SameCoreLrpc(SameCoreLrpc.Mode.BLOCKING);
        for (int i = 0; i < 10; i++)
        {
            lrpc.roundTrip();
        }
        final long before = lrpc.dispatches();
        for (int i = 0; i < 100; i++)
        {
            lrpc.roundTrip();
        }
        assertEquals(200, lrpc.dispatches() - before);
    }

    @Test
    void everyCrossCoreTransportAnswersEveryRoundTrip() throws InterruptedException
    {
        for (final CrossCoreBenchmark.Transport transport : CrossCoreBenchmark.Transport.values())
        {
            final CrossCoreBenchmark bodies = new CrossCoreBenchmark();
            bodies.transport = transport.name();
            bodies.start();
            try
            {
                for (long b = 0; b < 2_000; b++)
                {
                    assertEquals(Handoff.checksum(Handoff.checksum(b)), bodies.roundTrip(), transport::name);
                }
            }
            finally
            {
                bodies.stop();
            }
        }
    }

    @Test
    void bothEndsOnOneThreadAnswerEveryRoundTrip()
    {
        for (final String transport : List.of("STUB_RPC", "RAW_UMP"))
        {
            final OneThreadRpcBenchmark bodies = new OneThreadRpcBenchmark();
            bodies.transport = transport;
            bodies.start();
            try
            {
                for (long b = 0; b < 500; b++)
                {
                    assertEquals(Handoff.checksum(Handoff.checksum(b)), bodies.roundTrip(), transport);
                }
            }
            finally
            {
                bodies.stop();
            }
        }
    }

    @Test
    void pekkoAnswersByAskAndByTellOnBothDispatchers()
    {
        for (final String dispatcher : List.of("PINNED", "SPINNING"))
        {
            final PekkoBenchmark bodies = new PekkoBenchmark();
            bodies.dispatcher = dispatcher;
            final PekkoBenchmark.Asker asker = new PekkoBenchmark.Asker();
            final PekkoBenchmark.Players players = new PekkoBenchmark.Players();
            asker.start(bodies);
            players.start(bodies);
            try
            {
                for (long b = 0; b < 50; b++)
                {
                    assertEquals(Words.answer(b), bodies.ask(asker), dispatcher);
                }
                assertEquals(Words.answer(PekkoBenchmark.TELL_BLOCK - 1), bodies.tell(players), dispatcher);
                assertEquals(Words.answer(2 * PekkoBenchmark.TELL_BLOCK - 1), bodies.tell(players), dispatcher);
            }
            finally
            {
                asker.stop();
                players.stop();
            }
        }
    }

    @Test
    void bothThreadsYieldAsOftenAsAsked() throws InterruptedException
    {
        final YieldBenchmark bodies = new YieldBenchmark();
        bodies.start();
        assertEquals(YieldBenchmark.YIELDS + 1, bodies.userLevelThreadYield()); // the first switch starts it
        assertEquals(YieldBenchmark.YIELDS, bodies.virtualThreadYield());
        assertEquals(YieldBenchmark.YIELDS, bodies.virtualThreadYieldOneCarrier());
    }

    @Test
    void manyCallersAllBlockInTheirCallsAndAllFinish()
    {
        final ManyCallers.Result result = ManyCallers.run(1_000);
        assertEquals(1_000, result.completed());
        assertTrue(result.bytesPerBlocked() > 0, result::toString);
    }

    @Test
    void theStubsAndRawUmpRunInAlternatingBlocksWithoutAWrongAnswer() throws InterruptedException
    {
        try (Arena arena = Arena.ofShared())
        {
            final AlternatingBlocks.Outcome outcome = AlternatingBlocks.run(List.of(new RawUmpHandoff(arena),
                new StubRpcHandoff(arena)), Cpus.pair(), TimeUnit.MILLISECONDS.toNanos(200), 100);
            assertEquals(0, outcome.wrongEchoes());
            assertEquals(2, outcome.rows().size());
            assertTrue(outcome.repetitions() > 0);
        }
    }

    @Test
    void aWrongOrTornRequestIsNeverAnsweredRight()
    {
        assertEquals(Words.answer(7), Words.answer(7, 8, 9, 10, 11, 12));
        assertEquals(Words.BAD_REQUEST, Words.answer(7, 8, 9, 10, 11, 13));
        assertThrows(IllegalStateException.class, () -> Words.check("test", 7, Words.answer(8)));
    }

    @Test
    void theClockRateIsMeasured()
    {
        final CycleClock.Rate rate = CycleClock.measure();
        assertTrue(rate.measuredLowGhz() > 0 && rate.measuredLowGhz() <= rate.measuredGhz()
            && rate.measuredGhz() <= rate.measuredHighGhz(), rate::toString);
        assertEquals(CycleClock.chain(1_000, 3), CycleClock.chain(1_000, 3));
    }

    @Test
    void theReportJudgesEveryTarget()
    {
        final Map<String, RpcReport.Score> scores = new LinkedHashMap<>();
        scores.put("LrpcBenchmark.blockingCall", new RpcReport.Score(250, 5));
        scores.put("LrpcBenchmark.splitPhaseCall", new RpcReport.Score(400, 5));
        scores.put("CrossCoreBenchmark.roundTrip[STUB_RPC]", new RpcReport.Score(200, 5));
        scores.put("CrossCoreBenchmark.roundTrip[RAW_UMP]", new RpcReport.Score(180, 5));
        scores.put("PekkoBenchmark.ask[PINNED]", new RpcReport.Score(20_000, 500));
        scores.put("PekkoBenchmark.tell[PINNED]", new RpcReport.Score(500, 50));
        scores.put("YieldBenchmark.userLevelThreadYield", new RpcReport.Score(50, 1));
        scores.put("YieldBenchmark.virtualThreadYield", new RpcReport.Score(100, 1));
        final AlternatingBlocks.Outcome blocks = new AlternatingBlocks.Outcome(List.of(
            new AlternatingBlocks.Row("raw", 180, 1, 1, 1), new AlternatingBlocks.Row("stub", 200, 1.11, 1.05, 1.2)), 40,
            "pinned", 0);
        final RpcReport report = new RpcReport(MachineInfo.probe(), "now", "0", "0", true, Cpus.pair(),
            new CycleClock.Rate(2.0, 2.0, 1.9, 2.1), scores, blocks, new Footprint.Result(10, 400, 410),
            new ManyCallers.Result(10, 900, 1_000_000, 10, 30));
        final List<String> targets = report.targets();
        assertTrue(targets.get(0).startsWith("**MET**"), targets::toString); // 500 cycles
        assertTrue(targets.get(1).startsWith("**MISSED**"), targets::toString); // 800 cycles
        assertTrue(targets.get(2).startsWith("**MET**") && targets.get(2).contains("1.110x"), targets::toString);
        assertTrue(targets.stream().anyMatch(t -> t.startsWith("**MET**") && t.contains("Pekko ask")), targets::toString);
        assertTrue(targets.stream().anyMatch(t -> t.startsWith("**MISSED**") && t.contains("Pekko tell")), targets::toString);
        assertTrue(report.markdown().contains("| 250.0 | 5.0 | 500 | 500 |"), report::markdown);
    }
}
