package dev.flotilla.runtime;

import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.lib.BootImage;
import dev.flotilla.monitor.BootOutcome;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.CoreBooter;
import dev.flotilla.monitor.Monitor;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.CoreFault;
import dev.flotilla.platform.PinStatus;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.urpc.Interconnect;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Boots Flotilla on a platform: builds core 0's CPU driver with the bootstrap monitor, hands it a
 * {@link CoreBooter} that builds every other core's boot image, starts core 0 and waits until every
 * core has halted. Host-side code: it runs on the launcher's thread, never on a core.
 *
 * <p>Every CPU driver gets its core's clock from the platform (virtual on the simulator), so it times
 * each dispatch against the {@linkplain CpuDriver#DEFAULT_TIME_SLICE_NS default time slice}; the result
 * carries each halted core's counts ({@link KernelCounts}).
 */
public final class Boot
{
    private Boot()
    {
    }

    /**
     * Boots, measures and halts the system.
     *
     * @param platform     the platform to run on; the caller closes it.
     * @param interconnect channels between the platform's cores.
     * @param config       what every monitor is told at boot.
     * @return what happened, including every core's placement and the bootstrap monitor's outcome.
     */
    public static BootResult run(final Platform platform, final Interconnect interconnect, final MonitorConfig config)
        throws InterruptedException
    {
        return run(platform, interconnect, config, BootImage.empty(), BootPlan.NONE);
    }

    /**
     * Boots with programs: core 0 spawns the plan's services first and, once every core is up and
     * measured, runs the plan's boot task; the system halts when the task exits.
     */
    public static BootResult run(final Platform platform, final Interconnect interconnect, final MonitorConfig config,
        final BootImage image, final BootPlan plan) throws InterruptedException
    {
        return run(platform, interconnect, config, image, plan, PhysicalMemory.none());
    }

    /**
     * Boots with programs on a machine whose RAM is {@code memory}: core 0's CPU driver creates the initial
     * RAM capabilities over it, for the bootstrap monitor, which gives each dispatcher it spawns a piece.
     * The caller closes {@code memory} after the platform.
     */
    public static BootResult run(final Platform platform, final Interconnect interconnect, final MonitorConfig config,
        final BootImage image, final BootPlan plan, final PhysicalMemory memory) throws InterruptedException
    {
        final long pairs = (long)config.cores() * (config.cores() - 1) / 2;
        return run(platform, interconnect, config, image, plan, memory,
            config.bootTimeoutNs() + (pairs + 1) * config.probeTimeoutNs() + 10_000_000_000L);
    }

    /**
     * Boots with programs and waits at most {@code haltWithinNs} of platform time for the system to halt
     * ({@link Long#MAX_VALUE}: as long as it runs — an interactive shell's boot task ends when its user says).
     */
    public static BootResult run(final Platform platform, final Interconnect interconnect, final MonitorConfig config,
        final BootImage image, final BootPlan plan, final PhysicalMemory memory, final long haltWithinNs)
        throws InterruptedException
    {
        if (config.cores() != platform.coreCount())
        {
            throw new IllegalArgumentException(
                "monitor config is for " + config.cores() + " cores, platform runs " + platform.coreCount());
        }
        // written by core 0 as it boots the others, read here once they have halted
        final AtomicReferenceArray<CpuDriver> kernels = new AtomicReferenceArray<>(config.cores());
        final CoreBooter booter = (core, frame) ->
        {
            final CpuDriver kernel = new CpuDriver(core, memory, platform.clock(core)).meteredBy(platform.workMeter(core));
            kernel.spawn("monitor",
                Monitor.application(core, config, image, interconnect, platform.clock(core), kernel, frame));
            platform.startCore(core, kernel);
            kernels.set(core, kernel);
        };
        final CpuDriver kernel0 = new CpuDriver(0, memory, platform.clock(0)).meteredBy(platform.workMeter(0));
        kernels.set(0, kernel0);
        final Monitor monitor0 = Monitor.bootstrap(config, image, plan, interconnect, platform.clock(0), kernel0, booter);
        kernel0.spawn("monitor", monitor0);
        platform.startCore(0, kernel0);
        final long backstopNs = haltWithinNs;
        final boolean halted = platform.awaitHalt(backstopNs);
        // taken before runningCores: a core started after it (core 0 still booting) is not read below
        final List<CpuDriver> started = IntStream.range(0, config.cores()).mapToObj(kernels::get)
            .filter(Objects::nonNull).toList();
        final List<CoreFault> faults = platform.faults();
        final List<Integer> running = platform.runningCores();
        // Core 0's outcome is safe to read once core 0 has halted, even if others have not: the
        // platform publishes a core's halt, and everything before it, under the lock runningCores takes.
        final Optional<BootOutcome> outcome = faults.isEmpty() && !running.contains(0)
            ? Optional.of(monitor0.outcome()) : Optional.empty();
        final List<PinStatus> pins = IntStream.range(0, config.cores())
            .mapToObj(core -> pinStatusIfStarted(platform, core))
            .flatMap(Optional::stream)
            .toList();
        // a CPU driver's counters are its core's own: safe to read once the platform published its halt
        final Set<Integer> placed = pins.stream().map(PinStatus::core).collect(Collectors.toSet());
        final List<KernelCounts> counts = started.stream()
            .filter(kernel -> placed.contains(kernel.core()) && !running.contains(kernel.core()))
            .map(KernelCounts::of).toList();
        final Optional<String> error = describeError(halted, faults, outcome, running, backstopNs);
        final BootResult result = new BootResult(platform.machine(), platform.name(), platform.isSimulated(), config, pins,
            counts, outcome, error);
        return memory.size() == 0 ? result : result.withMemory(MemoryReport.of(memory, kernel0.bootCapabilities()));
    }

    private static Optional<PinStatus> pinStatusIfStarted(final Platform platform, final int core)
    {
        try
        {
            return Optional.of(platform.pinStatus(core));
        }
        catch (final IllegalStateException notStarted)
        {
            return Optional.empty();
        }
    }

    private static Optional<String> describeError(final boolean halted, final List<CoreFault> faults,
        final Optional<BootOutcome> outcome, final List<Integer> running, final long waitedNs)
    {
        if (!faults.isEmpty())
        {
            final CoreFault first = faults.getFirst();
            return Optional.of("core " + first.core() + " (" + first.role() + ") failed: " + first.cause());
        }
        if (!halted)
        {
            final String cores = running.stream().map(String::valueOf).collect(Collectors.joining(", "));
            final String notHalted = running.isEmpty() ? "the system did not halt within " + waitedNs / 1_000_000 + " ms"
                : (running.size() == 1 ? "core " : "cores ") + cores + " did not halt within " + waitedNs / 1_000_000
                    + " ms (stalled, or still busy when the time limit ran out)";
            // what core 0 saw first, when it could tell: usually the cause of the stall
            return Optional.of(outcome.flatMap(BootOutcome::error).map(cause -> cause + "; then " + notHalted)
                .orElse(notHalted));
        }
        return outcome.flatMap(BootOutcome::error);
    }
}
