package dev.flotilla.bench.channels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The pin events the JMH forks wrote ({@link CpuPinning}), read back and summed up for the report:
 * did every benchmark thread get its own CPU, and was it still there when its trial ended?
 *
 * <p>Line format, tab-separated: {@code pin benchmark transport role cpu pinned(0|1) detail} when a
 * thread pinned itself, {@code end benchmark transport role pinnedCpu currentCpu} when its trial ended.
 */
final class PinLog
{
    static final String PIN = "pin";
    static final String END = "end";

    private final int threads;
    private final int pinned;
    private final int ended;
    private final int stayed;
    private final TreeSet<Integer> cpus = new TreeSet<>();
    private final List<String> failures = new ArrayList<>();

    private PinLog(final List<String> lines)
    {
        int threads = 0;
        int pinned = 0;
        int ended = 0;
        int stayed = 0;
        for (final String line : lines)
        {
            final String[] f = line.split("\t", -1);
            if (f.length < 6)
            {
                continue;
            }
            final int cpu = Integer.parseInt(f[4]);
            final int value = Integer.parseInt(f[5]);
            if (f[0].equals(PIN))
            {
                threads++;
                if (value == 1)
                {
                    pinned++;
                    cpus.add(cpu);
                }
                else if (failures.size() < 3)
                {
                    failures.add(f[1] + " " + f[2] + " " + f[3] + ": " + (f.length > 6 ? f[6] : ""));
                }
            }
            else if (f[0].equals(END) && cpu >= 0)
            {
                ended++;
                if (value == cpu)
                {
                    stayed++;
                }
            }
        }
        this.threads = threads;
        this.pinned = pinned;
        this.ended = ended;
        this.stayed = stayed;
    }

    /** Reads the log a run's forks wrote; a missing file is an empty log. */
    static PinLog read(final Path file) throws IOException
    {
        return new PinLog(Files.exists(file) ? Files.readAllLines(file) : List.of());
    }

    /** True if every benchmark thread that logged was pinned, and there was at least one. */
    boolean allPinned()
    {
        return threads > 0 && pinned == threads;
    }

    /** One line for the report. */
    String describe()
    {
        if (threads == 0)
        {
            return "unknown: no benchmark thread reported";
        }
        final StringBuilder text = new StringBuilder();
        text.append(allPinned() ? "yes" : "NO").append(": ").append(pinned).append(" of ").append(threads)
            .append(" benchmark threads pinned, each to its own CPU (CPUs ").append(cpus)
            .append(", confirmed by reading the affinity mask back)");
        if (ended > 0)
        {
            text.append("; ").append(stayed).append(" of ").append(ended)
                .append(" pinned threads were still on their CPU at the end of their trial");
        }
        if (!failures.isEmpty())
        {
            text.append("; not pinned: ").append(String.join("; ", failures));
        }
        return text.toString();
    }
}
