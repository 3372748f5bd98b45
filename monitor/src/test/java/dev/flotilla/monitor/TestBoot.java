package dev.flotilla.monitor;

import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.lib.BootImage;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.urpc.Interconnect;
import dev.flotilla.urpc.SharedMemoryInterconnect;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Boots monitors on a test platform the way the runtime does, and keeps every core's kernel and
 * monitor for the test to inspect.
 *
 * @param kernels  every started core's CPU driver, core 0 first.
 * @param monitors every started core's monitor, core 0 first.
 * @param halted   whether every started core halted before the platform's time limit.
 */
public record TestBoot(List<CpuDriver> kernels, List<Monitor> monitors, boolean halted)
{
    /** The bootstrap monitor's outcome. */
    public BootOutcome outcome()
    {
        return monitors.getFirst().outcome();
    }

    /** Boots everything, then steps the platform until every core halts or {@code limitNs} passes. */
    public static TestBoot run(final Platform platform, final MonitorConfig config, final BootImage image,
        final BootPlan plan, final long limitNs)
    {
        return run(platform, config, image, plan, Set.of(), limitNs);
    }

    /** As {@link #run(Platform, MonitorConfig, BootImage, BootPlan, long)}, with cores that never start. */
    public static TestBoot run(final Platform platform, final MonitorConfig config, final BootImage image,
        final BootPlan plan, final Set<Integer> neverStart, final long limitNs)
    {
        return run(platform, PhysicalMemory.none(), config, image, plan, neverStart, limitNs);
    }

    /** As {@link #run(Platform, MonitorConfig, BootImage, BootPlan, long)}, on a machine with {@code memory}. */
    public static TestBoot run(final Platform platform, final PhysicalMemory memory, final MonitorConfig config,
        final BootImage image, final BootPlan plan, final long limitNs)
    {
        return run(platform, memory, config, image, plan, Set.of(), limitNs);
    }

    /** As {@link #run(Platform, PhysicalMemory, MonitorConfig, BootImage, BootPlan, long)}, handing each monitor to {@code created}. */
    public static TestBoot run(final Platform platform, final PhysicalMemory memory, final MonitorConfig config,
        final BootImage image, final BootPlan plan, final java.util.function.Consumer<Monitor> created, final long limitNs)
    {
        return run(platform, new SharedMemoryInterconnect(platform), memory, config, image, plan, Set.of(), created,
            limitNs);
    }

    private static TestBoot run(final Platform platform, final PhysicalMemory memory, final MonitorConfig config,
        final BootImage image, final BootPlan plan, final Set<Integer> neverStart, final long limitNs)
    {
        return run(platform, new SharedMemoryInterconnect(platform), memory, config, image, plan, neverStart,
            monitor -> { }, limitNs);
    }

    /**
     * As {@link #run(Platform, MonitorConfig, BootImage, BootPlan, long)}, over {@code interconnect} (the
     * simulator's, say), handing each monitor to {@code created} before its core starts.
     */
    public static TestBoot run(final Platform platform, final Interconnect interconnect, final MonitorConfig config,
        final BootImage image, final BootPlan plan, final java.util.function.Consumer<Monitor> created, final long limitNs)
    {
        return run(platform, interconnect, PhysicalMemory.none(), config, image, plan, Set.of(), created, limitNs);
    }

    private static TestBoot run(final Platform platform, final Interconnect interconnect, final PhysicalMemory memory,
        final MonitorConfig config, final BootImage image, final BootPlan plan, final Set<Integer> neverStart,
        final java.util.function.Consumer<Monitor> created, final long limitNs)
    {
        final List<CpuDriver> kernels = new ArrayList<>();
        final List<Monitor> monitors = new ArrayList<>();
        final CpuDriver kernel0 = new CpuDriver(0, memory, platform.clock(0)).meteredBy(platform.workMeter(0));
        final CoreBooter booter = (core, frame) ->
        {
            if (neverStart.contains(core))
            {
                return;
            }
            final CpuDriver kernel = new CpuDriver(core, memory, platform.clock(core)).meteredBy(platform.workMeter(core));
            final Monitor monitor = Monitor.application(core, config, image, interconnect, platform.clock(core), kernel,
                frame);
            kernel.spawn("monitor", monitor);
            created.accept(monitor);
            kernels.add(kernel);
            monitors.add(monitor);
            platform.startCore(core, kernel);
        };
        final Monitor monitor0 = Monitor.bootstrap(config, image, plan, interconnect, platform.clock(0), kernel0, booter);
        kernel0.spawn("monitor", monitor0);
        created.accept(monitor0);
        kernels.addFirst(kernel0);
        monitors.addFirst(monitor0);
        platform.startCore(0, kernel0);
        try
        {
            return new TestBoot(kernels, monitors, platform.awaitHalt(limitNs));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
