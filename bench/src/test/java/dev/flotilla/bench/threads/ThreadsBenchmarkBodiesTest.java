package dev.flotilla.bench.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each benchmark body runs once and switches exactly once; the footprint measurement parks and ends its threads. */
class ThreadsBenchmarkBodiesTest
{
    @Test
    void everyBodySwitchesIntoOneThread()
    {
        final ThreadSwitchBenchmark bodies = new ThreadSwitchBenchmark();
        bodies.start();
        for (int i = 0; i < 3; i++)
        {
            assertEquals(1, bodies.yieldRoundTrip());
            assertEquals(1, bodies.unparkAndRun());
            assertEquals(1, bodies.createRunEnd());
        }
    }

    @Test
    void theFootprintIsMeasuredOnParkedThreads()
    {
        final Footprint.Result result = Footprint.measure(1_000, 1);
        assertEquals(1_000, result.threads());
        assertTrue(result.allocatedPerThread() > 0 && result.allocatedPerThread() < 4_096, result::toString);
    }
}
