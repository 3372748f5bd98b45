package dev.flotilla.runtime;

import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.domain.DomainCatalog;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.services.skb.CoreView;
import dev.flotilla.services.skb.SkbServer;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.SimSummary;
import dev.flotilla.urpc.Interconnect;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A platform ready to boot on, with its interconnect, the monitors' configuration, the facts the SKB
 * starts with and the physical memory; closing it stops every core, then frees the platform's memory
 * and the physical memory.
 *
 * @param platform     the native or simulated platform.
 * @param interconnect channels between its cores.
 * @param config       what every monitor is told.
 * @param facts        the facts file given with {@code --facts}, already checked.
 * @param domains      the domains the system can start: the built-ins and those of {@code --domains}.
 * @param memory       the machine's physical memory, reserved for this boot.
 */
record SystemUnderBoot(Platform platform, Interconnect interconnect, MonitorConfig config,
    Optional<SkbServer.FactsFile> facts, DomainCatalog domains, PhysicalMemory memory) implements AutoCloseable
{
    /** The boot image's name for a command's boot task. */
    static final String TASK = "task";

    /**
     * Boots with the System Knowledge Base on core 0 (as Barrelfish's BSP monitor starts it first) and,
     * if given, {@code task} as the boot task on {@code taskCore}; halts when the task exits.
     */
    BootResult boot(final MonitorConfig monitors, final Optional<Supplier<Program>> task, final int taskCore)
        throws InterruptedException
    {
        final int[] cpuOfCore = IntStream.range(0, platform.coreCount()).map(platform::cpuOf).toArray();
        BootImage image = domains.addTo(BootImage.empty()).with(SkbServer.PROGRAM,
            () -> new SkbServer(CoreView.of(platform.machine(), cpuOfCore), memory.regions(), facts));
        if (task.isPresent())
        {
            image = image.with(TASK, task.get());
        }
        final BootPlan plan = new BootPlan(List.of(SkbServer.PROGRAM), task.map(t -> TASK), taskCore);
        final BootResult run = Boot.run(platform, interconnect, monitors, image, plan, memory);
        return simulation().map(run::withSimulation).orElse(run);
    }

    /**
     * Boots with {@code task} as the boot task, named {@code name} in the boot image, on core 0, and runs until it
     * exits, however long that takes (the shell: until its user halts it).
     */
    BootResult bootUntilTaskExits(final String name, final Supplier<Program> task) throws InterruptedException
    {
        final int[] cpuOfCore = IntStream.range(0, platform.coreCount()).map(platform::cpuOf).toArray();
        final BootImage image = domains.addTo(BootImage.empty()).with(SkbServer.PROGRAM,
            () -> new SkbServer(CoreView.of(platform.machine(), cpuOfCore), memory.regions(), facts)).with(name, task);
        final BootPlan plan = new BootPlan(List.of(SkbServer.PROGRAM), Optional.of(name), 0);
        final BootResult run = Boot.run(platform, interconnect, config, image, plan, memory, Long.MAX_VALUE);
        return simulation().map(run::withSimulation).orElse(run);
    }

    /** On a simulated machine, what the simulation did so far (seed, trace hash, virtual time). */
    Optional<SimSummary> simulation()
    {
        return platform instanceof SimPlatform sim ? Optional.of(sim.summary()) : Optional.empty();
    }

    @Override
    public void close()
    {
        try
        {
            platform.close();
        }
        finally
        {
            memory.close(); // only once every core has stopped: windows into it die with it
        }
    }
}
