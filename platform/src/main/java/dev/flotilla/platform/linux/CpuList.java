package dev.flotilla.platform.linux;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;

/**
 * The kernel's CPU range-list notation, as in {@code /sys/devices/system/cpu/online}: comma-separated
 * single numbers and inclusive ranges, such as {@code 0-3,8-11} or {@code 5}. An empty text is an
 * empty list, which is what {@code /sys/devices/system/cpu/offline} holds when every CPU is online.
 *
 * <p>Parsing is strict because these lists decide which CPUs a kernel runs on: a list the kernel
 * would never write (a reversed range, a repeated comma, a sign) is refused, never guessed at. Numbers
 * above {@link #MAX_CPU} are refused too, so that one corrupt range cannot allocate gigabytes; Linux
 * itself builds with at most 8192 CPUs.
 */
public final class CpuList
{
    /** The largest CPU number accepted. */
    public static final int MAX_CPU = 65_535;

    private CpuList()
    {
    }

    /**
     * Parses a range list; surrounding white space (the trailing newline of a sysfs file) is ignored.
     *
     * @return the CPUs, ascending and without duplicates, unmodifiable.
     * @throws IllegalArgumentException naming the text and the bad element if it is not a range list.
     */
    public static List<Integer> parse(final String text)
    {
        final BitSet cpus = parseBits(text);
        final List<Integer> list = new ArrayList<>(cpus.cardinality());
        cpus.stream().forEach(list::add);
        return List.copyOf(list);
    }

    /**
     * Parses a range list into a fresh bit set (bit {@code n} set for CPU {@code n}).
     *
     * @throws IllegalArgumentException naming the text and the bad element if it is not a range list.
     */
    public static BitSet parseBits(final String text)
    {
        final String trimmed = text.strip();
        final BitSet cpus = new BitSet();
        if (trimmed.isEmpty())
        {
            return cpus;
        }
        for (final String element : trimmed.split(",", -1))
        {
            final int dash = element.indexOf('-');
            if (dash < 0)
            {
                cpus.set(number(text, element, element));
            }
            else
            {
                final int first = number(text, element, element.substring(0, dash));
                final int last = number(text, element, element.substring(dash + 1));
                if (last < first)
                {
                    throw bad(text, element, "the range is reversed");
                }
                cpus.set(first, last + 1);
            }
        }
        return cpus;
    }

    /** Writes CPUs in the kernel's notation, collapsing runs into ranges: {@code [0,1,2,3,8]} is {@code 0-3,8}. */
    public static String format(final Collection<Integer> cpus)
    {
        final BitSet bits = new BitSet();
        for (final int cpu : cpus)
        {
            if (cpu < 0)
            {
                throw new IllegalArgumentException("negative CPU number " + cpu + " in " + cpus);
            }
            bits.set(cpu);
        }
        return format(bits);
    }

    /** Writes the set bits in the kernel's notation; an empty set is an empty string. */
    public static String format(final BitSet cpus)
    {
        final StringBuilder out = new StringBuilder();
        int first = cpus.nextSetBit(0);
        while (first >= 0)
        {
            final int end = cpus.nextClearBit(first);
            if (!out.isEmpty())
            {
                out.append(',');
            }
            out.append(first);
            if (end - 1 > first)
            {
                out.append('-').append(end - 1);
            }
            first = cpus.nextSetBit(end);
        }
        return out.toString();
    }

    private static int number(final String text, final String element, final String digits)
    {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            throw bad(text, element, "expected a CPU number or a range first-last");
        }
        final long value = digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (value > MAX_CPU)
        {
            throw bad(text, element, "CPU number above " + MAX_CPU);
        }
        return (int)value;
    }

    private static IllegalArgumentException bad(final String text, final String element, final String why)
    {
        return new IllegalArgumentException(
            "bad CPU list '" + text.strip() + "' at '" + element + "': " + why);
    }
}
