package dev.flotilla.runtime;

import dev.flotilla.monitor.BootOutcome;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.PinStatus;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.sim.SimSummary;
import java.util.List;
import java.util.Optional;

/**
 * Everything the boot report shows.
 *
 * @param machine      the (discovered or simulated) machine.
 * @param platformName {@code native} or {@code sim:<machine>}.
 * @param simulated    true if every time in it is virtual.
 * @param config       what the monitors were told.
 * @param pins         where each started core ran and whether it was pinned.
 * @param kernels      what each core's CPU driver counted, for every started core that halted, in core order.
 * @param outcome      the bootstrap monitor's record, if core 0 halted in order (other cores may not have).
 * @param error        why the boot failed, if it did; on a simulated machine it ends with the seed to
 *                     replay the run with.
 * @param simulation   on a simulated machine: its seed, trace hash and virtual time.
 * @param memory       the physical memory and the initial RAM capabilities, when the machine had memory.
 */
public record BootResult(Machine machine, String platformName, boolean simulated, MonitorConfig config,
    List<PinStatus> pins, List<KernelCounts> kernels, Optional<BootOutcome> outcome, Optional<String> error,
    Optional<SimSummary> simulation, Optional<MemoryReport> memory)
{
    public BootResult
    {
        pins = List.copyOf(pins);
        kernels = List.copyOf(kernels);
    }

    /** A result without a simulation summary or memory (the native platform, or before they are attached). */
    public BootResult(final Machine machine, final String platformName, final boolean simulated,
        final MonitorConfig config, final List<PinStatus> pins, final List<KernelCounts> kernels,
        final Optional<BootOutcome> outcome, final Optional<String> error)
    {
        this(machine, platformName, simulated, config, pins, kernels, outcome, error, Optional.empty(),
            Optional.empty());
    }

    /** This result with the simulation's summary attached, and its replay hint added to any error. */
    public BootResult withSimulation(final SimSummary summary)
    {
        return new BootResult(machine, platformName, simulated, config, pins, kernels, outcome,
            error.map(e -> e + " (" + summary.replayHint() + ")"), Optional.of(summary), memory);
    }

    /** This result with the memory report attached. */
    public BootResult withMemory(final MemoryReport report)
    {
        return new BootResult(machine, platformName, simulated, config, pins, kernels, outcome, error, simulation,
            Optional.of(report));
    }

    /** What {@code core}'s CPU driver counted, if the core started and halted. */
    public Optional<KernelCounts> kernel(final int core)
    {
        return kernels.stream().filter(k -> k.core() == core).findFirst();
    }

    /** True if every core booted, was measured and halted in order. */
    public boolean succeeded()
    {
        return error.isEmpty() && outcome.isPresent();
    }
}
