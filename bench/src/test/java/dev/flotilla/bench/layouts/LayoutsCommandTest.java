package dev.flotilla.bench.layouts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.bench.BenchMain;
import dev.flotilla.bench.CpuPair;
import dev.flotilla.platform.linux.Affinity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutsCommandTest
{
    @Test
    void everyHandoffCarriesEveryMessageIntactInBothDirections() throws InterruptedException
    {
        try (Arena arena = Arena.ofShared())
        {
            final List<Handoff> handoffs = LayoutsCommand.handoffs(arena);
            final AlternatingBlocks.Outcome outcome = AlternatingBlocks.run(handoffs, twoCpus(), 1, 10);
            assertEquals(0, outcome.wrongEchoes(), "echoes with a wrong checksum");
            assertTrue(outcome.repetitions() >= 10, "measured repetitions: " + outcome.repetitions());
            assertEquals(handoffs.size(), outcome.rows().size());
            assertEquals(1.0, outcome.rows().getFirst().ratio(), "the floor over itself");
            for (final AlternatingBlocks.Row row : outcome.rows())
            {
                assertTrue(row.meanNs() > 0 && row.ratioLow() <= row.ratio() && row.ratio() <= row.ratioHigh(),
                    row.toString());
            }
        }
    }

    @Test
    void ringsWrapManyTimesWithoutLosingAMessage() throws InterruptedException
    {
        // 2,000 round trips per block: every ring of 32 slots wraps about 60 times per block
        try (Arena arena = Arena.ofShared())
        {
            final AlternatingBlocks.Outcome outcome = AlternatingBlocks.run(LayoutsCommand.handoffs(arena), twoCpus(),
                1, 2000);
            assertEquals(0, outcome.wrongEchoes());
        }
    }

    @Test
    void parsesOptionsAndDefaults()
    {
        final LayoutsCommand.Options defaults = LayoutsCommand.parse(new String[0]);
        assertNull(defaults.cpus());
        assertEquals(LayoutsCommand.DEFAULT_SECONDS, defaults.seconds());
        assertEquals(LayoutsCommand.DEFAULT_BLOCK, defaults.block());
        final LayoutsCommand.Options given = LayoutsCommand.parse(new String[] {"--cpus", "3,12", "--seconds", "5",
            "--block", "100"});
        assertEquals(new CpuPair(3, 12), given.cpus());
        assertEquals(5, given.seconds());
        assertEquals(100, given.block());
        assertNull(LayoutsCommand.parse(new String[] {"--help"}));
    }

    @Test
    void badOptionsNameTheProblemAndTheAcceptedForm()
    {
        assertMessage("--cpus needs two CPU numbers such as 0,1, not '1'", "--cpus", "1");
        assertMessage("--cpus needs two different CPUs, not 2 twice", "--cpus", "2,2");
        assertMessage("--cpus needs two CPU numbers from 0 to 4095 such as 0,1, not 'a,1'", "--cpus", "a,1");
        assertMessage("--seconds needs a whole number from 1 to 600, not '0'", "--seconds", "0");
        assertMessage("--block needs a whole number from 10 to 1000000, not 'many'", "--block", "many");
        assertMessage("--seconds needs a value", "--seconds");
        assertMessage("unknown option '--fast'", "--fast");
    }

    @Test
    void theLauncherExitsWithTheUsageStatusOnBadInput()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = BenchMain.run(new String[] {"layouts", "--seconds", "-3"}, new PrintStream(
            new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(BenchMain.USAGE, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
            "layouts: --seconds needs a whole number from 1 to 600, not '-3'"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCpuThisProcessMayNotUseIsRefusedBeforeAnythingRuns()
    {
        final BitSet allowed = Affinity.allowedCpus();
        if (allowed.isEmpty())
        {
            return; // the mask is unknown here, so no CPU can be called out of it
        }
        final int outside = allowed.nextClearBit(0);
        final int inside = allowed.nextSetBit(0);
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = new LayoutsCommand().run(new String[] {"--cpus", inside + "," + outside},
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(BenchMain.USAGE, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("CPU " + outside + " is not one this process may use"));
    }

    private static void assertMessage(final String message, final String... args)
    {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> LayoutsCommand.parse(args))
            .getMessage());
    }

    /** Two CPUs this process may use, or 0 and 1 where the mask is unknown (pinning then just fails). */
    private static CpuPair twoCpus()
    {
        final BitSet allowed = Affinity.allowedCpus();
        final int a = Math.max(0, allowed.nextSetBit(0));
        final int b = allowed.nextSetBit(a + 1);
        return new CpuPair(a, b < 0 ? a + 1 : b);
    }
}
