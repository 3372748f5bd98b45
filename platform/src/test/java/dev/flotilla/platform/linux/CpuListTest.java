package dev.flotilla.platform.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class CpuListTest
{
    @Test
    void parsesSingleNumbersAndRanges()
    {
        assertEquals(List.of(0, 1, 2, 3, 8), CpuList.parse("0-3,8"));
        assertEquals(List.of(0, 1, 2, 3, 8, 9, 10, 11), CpuList.parse("0-3,8-11"));
        assertEquals(List.of(5), CpuList.parse("5"));
        assertEquals(List.of(7), CpuList.parse("7-7"));
    }

    @Test
    void ignoresTheTrailingNewlineOfASysfsFile()
    {
        assertEquals(List.of(0, 1), CpuList.parse("0-1\n"));
    }

    @Test
    void anEmptyTextIsAnEmptyList()
    {
        // /sys/devices/system/cpu/offline holds just a newline when every CPU is online.
        assertEquals(List.of(), CpuList.parse("\n"));
        assertEquals(List.of(), CpuList.parse(""));
    }

    @Test
    void sortsAndDeduplicates()
    {
        assertEquals(List.of(0, 1, 2, 3, 8), CpuList.parse("8,2-3,0-2"));
    }

    @Test
    void acceptsTheLargestCpuNumber()
    {
        assertEquals(List.of(CpuList.MAX_CPU), CpuList.parse(Integer.toString(CpuList.MAX_CPU)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "1-", "-1", "3-1", "1,,2", ",", "1,", "1 2", "+1", "0x1", "1-2-3", "65536",
        "0-99999999999", "٣"})
    void refusesWhatTheKernelWouldNeverWrite(final String text)
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuList.parse(text));
        assertTrue(e.getMessage().contains("'" + text.strip() + "'"), e.getMessage());
    }

    @Test
    void namesTheBadElementAndWhy()
    {
        final IllegalArgumentException reversed = assertThrows(IllegalArgumentException.class,
            () -> CpuList.parse("0-1,5-3"));
        assertEquals("bad CPU list '0-1,5-3' at '5-3': the range is reversed", reversed.getMessage());
        final IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
            () -> CpuList.parse("0,70000"));
        assertEquals("bad CPU list '0,70000' at '70000': CPU number above 65535", tooLarge.getMessage());
    }

    @Test
    void formatsRunsAsRanges()
    {
        assertEquals("0-3,8", CpuList.format(List.of(8, 0, 1, 2, 3)));
        assertEquals("0,2,4-5", CpuList.format(List.of(0, 2, 4, 5)));
        assertEquals("", CpuList.format(List.of()));
        final BitSet high = new BitSet();
        high.set(4095);
        assertEquals("4095", CpuList.format(high));
    }

    @Test
    void formatThenParseIsTheIdentity()
    {
        final List<Integer> cpus = List.of(0, 1, 2, 5, 7, 8, 9, 63, 64, 65, 1023);
        assertEquals(cpus, CpuList.parse(CpuList.format(cpus)));
    }

    @Test
    void formatRefusesNegativeNumbers()
    {
        assertThrows(IllegalArgumentException.class, () -> CpuList.format(List.of(1, -1)));
    }
}
