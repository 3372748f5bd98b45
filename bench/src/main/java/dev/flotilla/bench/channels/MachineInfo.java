package dev.flotilla.bench.channels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The facts about the machine and JVM that a result needs beside it: CPU model, CPU count, whether
 * it is a virtual machine, the kernel, the JDK and how busy the machine was.
 *
 * @param cpuModel    the first {@code model name} of {@code /proc/cpuinfo}, or "unknown".
 * @param logicalCpus processors listed in {@code /proc/cpuinfo} (0 if unreadable).
 * @param usableCpus  {@link Runtime#availableProcessors()}.
 * @param virtual     true if the CPU flags include {@code hypervisor}.
 * @param os          kernel name, version and architecture.
 * @param jdk         the running JDK: VM name, vendor, version.
 */
public record MachineInfo(String cpuModel, int logicalCpus, int usableCpus, boolean virtual, String os, String jdk)
{
    /** Reads {@code /proc/cpuinfo} and the JVM's properties. */
    public static MachineInfo probe()
    {
        final List<String> cpuinfo = lines(Path.of("/proc/cpuinfo"));
        final String model = cpuinfo.stream().filter(l -> l.startsWith("model name")).findFirst()
            .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        final int processors = (int)cpuinfo.stream().filter(l -> l.startsWith("processor")).count();
        final boolean virtual = cpuinfo.stream().anyMatch(l -> l.startsWith("flags") && l.contains(" hypervisor"));
        return new MachineInfo(model, processors, Runtime.getRuntime().availableProcessors(), virtual,
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"),
            System.getProperty("java.vm.name") + ", " + System.getProperty("java.vendor") + ", "
                + Runtime.version());
    }

    /** The 1-, 5- and 15-minute load averages from {@code /proc/loadavg}, or "unknown". */
    static String loadAverage()
    {
        final List<String> loadavg = lines(Path.of("/proc/loadavg"));
        if (loadavg.isEmpty())
        {
            return "unknown";
        }
        final String[] fields = loadavg.get(0).split(" ");
        return fields.length < 3 ? "unknown" : fields[0] + " " + fields[1] + " " + fields[2];
    }

    /** One line for the report. */
    String describe()
    {
        return "%s; %d logical CPUs (%d usable by the JVM)%s; %s".formatted(cpuModel, logicalCpus, usableCpus,
            virtual ? ", virtual machine (cpuinfo has the hypervisor flag)" : "", os);
    }

    private static List<String> lines(final Path file)
    {
        try
        {
            return Files.readAllLines(file);
        }
        catch (final IOException | SecurityException e)
        {
            return List.of();
        }
    }
}
