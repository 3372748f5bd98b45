package dev.flotilla.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.kernel.CpuDriver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootReportTest
{
    private static String boot(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, () -> "stderr: " + err + "\nstdout: " + out);
        return out.toString();
    }

    @Test
    void everyCoreLineCountsItsDispatchesAgainstTheTimeSlice()
    {
        final String text = boot("boot", "--sim", "amd-2x2", "--ping-rounds", "10");
        assertTrue(text.contains("kernels   4, one per core; each dispatch timed against a 1.0 ms slice"), text);
        final List<String> cores = text.lines().filter(line -> line.startsWith("    core ")).toList();
        assertEquals(4, cores.size(), text);
        for (final String line : cores)
        {
            assertTrue(line.matches(".*; \\d+ dispatches, \\d+ over the slice, longest \\S+ [mun]?s"), line);
        }
    }

    @Test
    void theJsonReportCarriesEachCoresKernelCounts() throws Exception
    {
        final JsonNode report = new ObjectMapper().readTree(boot("boot", "--sim", "amd-2x2", "--ping-rounds", "10",
            "--json"));
        assertEquals(4, report.get("cores").size());
        for (final JsonNode core : report.get("cores"))
        {
            final JsonNode kernel = core.get("kernel");
            assertTrue(kernel.get("steps").asLong() > 0 && kernel.get("dispatches").asLong() > 0, kernel::toString);
            assertEquals(CpuDriver.DEFAULT_TIME_SLICE_NS, kernel.get("timeSliceNs").asLong());
            final long overruns = kernel.get("overruns").asLong();
            assertTrue(0 <= overruns && overruns <= kernel.get("dispatches").asLong(), kernel::toString);
            assertEquals(overruns > 0, kernel.get("longestDispatchNs").asLong() > CpuDriver.DEFAULT_TIME_SLICE_NS,
                kernel::toString);
            assertTrue(kernel.get("skippedWhileBlocked").asLong() >= 0, kernel::toString);
        }
    }

    @Test
    void cpuListsAreWrittenAsRanges()
    {
        assertEquals("0-3,8,10-11", BootReport.ranges(List.of(0, 1, 2, 3, 8, 10, 11)));
        assertEquals("5", BootReport.ranges(List.of(5)));
        assertEquals("", BootReport.ranges(List.of()));
    }

    @Test
    void sizesAndDurationsAreHumanReadable()
    {
        assertEquals("32 KiB", BootReport.bytes(32 * 1024));
        assertEquals("1.5 MiB", BootReport.bytes(1536 * 1024));
        assertEquals("? B", BootReport.bytes(0));
        assertEquals("950 ns", BootReport.duration(950));
        assertEquals("12.5 us", BootReport.duration(12_500));
        assertEquals("3.2 ms", BootReport.duration(3_200_000));
        assertEquals("12.0 s", BootReport.duration(12_000_000_000L));
    }

    @Test
    void jsonEscapesAndNestsCorrectly()
    {
        final String json = new Json().beginObject().field("a", "q\"\\\n").name("b").beginArray().value(1).value(2)
            .beginObject().field("c", true).endObject().endArray().field("d", (String)null).endObject().toString();
        assertEquals("{\"a\":\"q\\\"\\\\\\n\",\"b\":[1,2,{\"c\":true}],\"d\":null}", json);
    }
}
