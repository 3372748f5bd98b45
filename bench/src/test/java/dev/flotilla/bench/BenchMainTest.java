package dev.flotilla.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The launcher's handling of what it is given, short of running a benchmark. */
class BenchMainTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        return BenchMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noBenchmarkIsAUsageError()
    {
        assertEquals(2, run());
        assertTrue(err().contains("usage: flotilla-bench <benchmark>"), err());
        assertTrue(err().contains("channels"), err());
    }

    @Test
    void anUnknownBenchmarkIsNamedWithTheKnownOnes()
    {
        assertEquals(2, run("sim-of-everything", "--quick"));
        assertTrue(err().contains("unknown benchmark 'sim-of-everything'; known benchmarks: channels"), err());
        assertEquals("", out());
    }

    @Test
    void helpGoesToStandardOutput()
    {
        assertEquals(0, run("--help"));
        assertTrue(out().contains("channels  UMP round trip"), out());
        assertEquals("", err());
    }

    @Test
    void aBenchmarkRejectsAnUnknownOption()
    {
        assertEquals(2, run("channels", "--fast"));
        assertTrue(err().contains("channels: unknown option '--fast'"), err());
        assertTrue(err().contains("usage: flotilla-bench channels"), err());
    }

    @Test
    void aBenchmarkRejectsAnUnknownTransport()
    {
        assertEquals(2, run("channels", "--transports", "ump,carrier-pigeon"));
        assertTrue(err().contains("unknown transport 'carrier-pigeon'; known: floor,bare-ring,ump,ump-wakeup,"), err());
    }

    @Test
    void anOptionWithoutItsValueIsAUsageError()
    {
        assertEquals(2, run("channels", "--doc"));
        assertTrue(err().contains("option --doc needs a value"), err());
    }

    @Test
    void roundsMustBeAPositiveWholeNumber()
    {
        assertEquals(2, run("channels", "--rounds", "zero"));
        assertTrue(err().contains("--rounds needs a whole number from 1 to 100, not 'zero'"), err());
    }

    @Test
    void aBenchmarkPrintsItsOwnHelp()
    {
        assertEquals(0, run("channels", "--help"));
        assertTrue(out().contains("--quick"), out());
        assertTrue(out().contains(
            "floor,bare-ring,ump,ump-wakeup,ump-copying,jctools,jctools-varhandle,agrona,disruptor,abq"), out());
    }
}
