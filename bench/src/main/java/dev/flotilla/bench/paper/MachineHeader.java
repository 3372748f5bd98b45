package dev.flotilla.bench.paper;

import dev.flotilla.bench.channels.MachineInfo;
import dev.flotilla.sim.machine.MachineSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What a result was measured on, for the header of its table and the subtitle of its chart: natively the CPU
 * model, the CPU count and the clock rate (from {@code /proc/cpuinfo} or cpufreq); simulated, the machine, the
 * description it was read from and the seed. Always with the date and time (UTC, to the minute).
 *
 * @param simulated true for a simulated machine: every time measured on it is virtual.
 * @param name      a short name for file names and chart legends: {@code native} or the machine's name.
 * @param machine   one line describing the machine.
 * @param clockGhz  cycles per nanosecond: the simulated clock, or the native nominal clock (NaN if unknown).
 * @param date      when the result was made.
 */
public record MachineHeader(boolean simulated, String name, String machine, double clockGhz, Instant date)
{
    /** The machine this JVM runs on. */
    public static MachineHeader nativeHost()
    {
        final MachineInfo info = MachineInfo.probe();
        final OptionalDouble ghz = nativeClockGhz();
        final String clock = ghz.isPresent() ? String.format(Locale.ROOT, "%.2f GHz", ghz.getAsDouble())
            : "clock rate unknown";
        final List<String> load = lines(Path.of("/proc/loadavg"));
        final String line = String.format(Locale.ROOT, "native: %s, %d logical CPUs (%d usable), %s%s; %s; %s; "
            + "load average %s", info.cpuModel(), info.logicalCpus(), info.usableCpus(), clock,
            info.virtual() ? ", virtual machine" : "", info.os(), info.jdk(),
            load.isEmpty() ? "unknown" : String.join(" ", java.util.Arrays.asList(load.getFirst().split(" ")).subList(0, 3)));
        return new MachineHeader(false, "native", line, ghz.orElse(Double.NaN), now());
    }

    /** A simulated machine booted with {@code seed}. */
    public static MachineHeader simulated(final MachineSpec spec, final long seed)
    {
        final String line = String.format(Locale.ROOT,
            "SIMULATED: %s (%s; %d cores in %d packages, %.2f GHz), machine description %s, seed %d", spec.name(),
            spec.model(), spec.cores(), spec.packages(), spec.clockGhz(), spec.source(), seed);
        return new MachineHeader(true, spec.name(), line, spec.clockGhz(), now());
    }

    /** Several simulated machines in one chart: no single clock, so no nanosecond axis. */
    public static MachineHeader simulatedSet(final List<String> machines, final long seed)
    {
        return new MachineHeader(true, machines.size() == 1 ? machines.getFirst() : machines.size() + " simulated machines", "SIMULATED: " + String.join(", ",
            machines) + " (built-in machine descriptions), seed " + seed, Double.NaN, now());
    }

    /** The header as Markdown: the machine, the date, and on the simulator that every time is virtual. */
    public String markdown()
    {
        return "- Machine: " + machine + "\n- Date: " + date + "\n"
            + (simulated ? "- Every time measured on this machine is virtual (simulated), in its cycles.\n"
                : "- Cycles are nanoseconds times the nominal clock above.\n");
    }

    /** Cycles in {@code ns} nanoseconds at this machine's clock (NaN if the clock is unknown). */
    public double cycles(final double ns)
    {
        return ns * clockGhz;
    }

    /**
     * The native nominal clock: cpufreq's maximum if the kernel has cpufreq, else the first {@code cpu MHz} of
     * {@code /proc/cpuinfo} (on a virtual machine, what the hypervisor reports), else the {@code @ x.yGHz} of
     * the model name.
     */
    static OptionalDouble nativeClockGhz()
    {
        final List<String> maxKhz = lines(Path.of("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq"));
        if (!maxKhz.isEmpty())
        {
            try
            {
                return OptionalDouble.of(Long.parseLong(maxKhz.getFirst().strip()) / 1e6);
            }
            catch (final NumberFormatException ignored)
            {
                // fall through to cpuinfo
            }
        }
        for (final String line : lines(Path.of("/proc/cpuinfo")))
        {
            if (line.startsWith("cpu MHz"))
            {
                try
                {
                    return OptionalDouble.of(Double.parseDouble(line.substring(line.indexOf(':') + 1).strip()) / 1e3);
                }
                catch (final NumberFormatException ignored)
                {
                    break;
                }
            }
        }
        final String model = MachineInfo.probe().cpuModel();
        final int at = model.lastIndexOf('@');
        if (at >= 0 && model.endsWith("GHz"))
        {
            try
            {
                return OptionalDouble.of(Double.parseDouble(model.substring(at + 1, model.length() - 3).strip()));
            }
            catch (final NumberFormatException ignored)
            {
                // unknown
            }
        }
        return OptionalDouble.empty();
    }

    private static Instant now()
    {
        return Instant.now().truncatedTo(ChronoUnit.MINUTES);
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
