package dev.flotilla.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BootReportTest
{
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
