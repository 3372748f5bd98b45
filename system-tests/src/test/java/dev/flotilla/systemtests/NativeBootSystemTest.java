package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Boots real kernels on pinned threads through the launcher's entry point and checks the JSON report. */
class NativeBootSystemTest
{
    private static JsonNode boot(final String... args) throws Exception
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, () -> "stderr: " + err + "\nstdout: " + out);
        return new ObjectMapper().readTree(out.toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void bootsMeshesMeasuresAndHalts(final int cores) throws Exception
    {
        final JsonNode report = boot("boot", "--cores", Integer.toString(cores), "--ping-rounds", "200", "--json");
        assertTrue(report.get("succeeded").asBoolean(), report::toString);
        assertEquals("native", report.get("platform").asText());
        assertFalse(report.get("simulated").asBoolean());
        assertEquals(cores, report.get("cores").size());
        assertEquals(cores * (cores - 1) / 2, report.get("channels").asInt(), "a full mesh");
        assertEquals(cores == 1 ? "null" : "\"UMP\"", report.get("transport").toString());
        final int cpus = report.get("machine").get("cpus").asInt();
        for (final JsonNode core : report.get("cores"))
        {
            assertEquals(cores > cpus, core.get("sharesCpu").asBoolean(), "sharing is reported when kernels exceed CPUs");
            KernelCountsCheck.check(core);
        }
        final JsonNode rtt = report.get("roundTripMedianNs");
        assertEquals(cores, rtt.size());
        for (int a = 0; a < cores; a++)
        {
            for (int b = 0; b < cores; b++)
            {
                final long ns = rtt.get(a).get(b).asLong();
                assertTrue(a == b ? ns == 0 : ns > 0, "round trip " + a + "->" + b + " = " + ns);
                assertEquals(ns, rtt.get(b).get(a).asLong());
            }
        }
        assertTrue(cores == 1 || report.get("bootNs").asLong() > 0, "boot took time when cores had to start");
    }

    @Test
    void theTextReportShowsTheMachineTheCoresAndTheMatrix() throws Exception
    {
        final StringWriter out = new StringWriter();
        final int status = Main.run(new String[] {"boot", "--cores", "2", "--ping-rounds", "100"},
            new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, status);
        final String text = out.toString();
        for (final String expected : new String[] {"native platform", "machine", "kernels   2", "core 0", "core 1",
            "1 monitor channel (UMP, full mesh of 2 cores)", "round trip, median ns", "every core acknowledged",
            "each dispatch timed against a 1.0 ms slice", " over the slice, longest "})
        {
            assertTrue(text.contains(expected), () -> "missing '" + expected + "' in:\n" + text);
        }
    }
}
