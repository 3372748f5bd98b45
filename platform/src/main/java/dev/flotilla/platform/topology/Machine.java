package dev.flotilla.platform.topology;

import java.util.List;
import java.util.Optional;

/**
 * What is known about the hardware: discovered from {@code /sys} on the native platform, read from a
 * machine description on the simulator. Immutable, so it may be handed to every core.
 *
 * @param name        a short name: the host name or the simulated machine's name.
 * @param cpuModel    the CPU model string, or {@code unknown}.
 * @param frequencyHz the nominal clock rate, 0 if the kernel does not expose it.
 * @param cpus        the online CPUs, ascending by id.
 * @param numaNodes   the NUMA nodes, ascending by id (one node when the machine has no NUMA).
 * @param caches      every cache instance, by level then first CPU.
 * @param simulated   true if this machine is simulated.
 */
public record Machine(String name, String cpuModel, long frequencyHz, List<Cpu> cpus, List<NumaNode> numaNodes,
    List<Cache> caches, boolean simulated)
{
    public Machine
    {
        cpus = List.copyOf(cpus);
        numaNodes = List.copyOf(numaNodes);
        caches = List.copyOf(caches);
        if (cpus.isEmpty())
        {
            throw new IllegalArgumentException("a machine needs at least one online CPU");
        }
    }

    /** The CPU with the given id. */
    public Optional<Cpu> cpu(final int id)
    {
        return cpus.stream().filter(c -> c.id() == id).findFirst();
    }

    /** Number of distinct physical packages. */
    public int packageCount()
    {
        return (int)cpus.stream().mapToInt(Cpu::packageId).distinct().count();
    }

    /** Nanoseconds to cycles at the nominal frequency, or -1 when the frequency is unknown. */
    public long cycles(final long nanos)
    {
        return frequencyHz <= 0 ? -1 : Math.round(nanos * (frequencyHz / 1e9));
    }
}
