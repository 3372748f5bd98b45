package dev.flotilla.runtime;

import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.domain.DomainCatalog;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.services.memserv.MemServ;
import dev.flotilla.services.skb.CoreView;
import dev.flotilla.services.skb.SkbServer;
import dev.flotilla.services.spawnd.Spawnd;
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
     * Boots with memserv and the System Knowledge Base on core 0 (as Barrelfish's BSP monitor starts them first) and,
     * if given, {@code task} as the boot task on {@code taskCore}; halts when the task exits.
     */
    BootResult boot(final MonitorConfig monitors, final Optional<Supplier<Program>> task, final int taskCore)
        throws InterruptedException
    {
        BootImage image = services();
        if (task.isPresent())
        {
            image = image.with(TASK, task.get());
        }
        final BootPlan plan = plan(task.map(t -> TASK), taskCore);
        final BootResult run = Boot.run(platform, interconnect, monitors, image, plan, memory);
        return simulation().map(run::withSimulation).orElse(run);
    }

    /**
     * Boots with {@code task} as the boot task, named {@code name} in the boot image, on core 0, and runs until it
     * exits, however long that takes (the shell: until its user halts it).
     */
    BootResult bootUntilTaskExits(final String name, final Supplier<Program> task) throws InterruptedException
    {
        final BootImage image = services().with(name, task);
        final BootPlan plan = plan(Optional.of(name), 0);
        final BootResult run = Boot.run(platform, interconnect, config, image, plan, memory, Long.MAX_VALUE);
        return simulation().map(run::withSimulation).orElse(run);
    }

    /** The machine as the SKB and memserv see it: one CPU per Flotilla core, numbered by core. */
    private dev.flotilla.platform.topology.Machine coreView()
    {
        final int[] cpuOfCore = IntStream.range(0, platform.coreCount()).map(platform::cpuOf).toArray();
        return CoreView.of(platform.machine(), cpuOfCore);
    }

    /** The built-in domains and the boot services: memserv (one instance per NUMA node), the SKB, spawnd (one per core). */
    private BootImage services()
    {
        final dev.flotilla.platform.topology.Machine view = coreView();
        final List<Integer> memservCores = MemServ.instanceCores(view, memory.regions(), platform.coreCount());
        return domains.addTo(BootImage.empty())
            .with(MemServ.PROGRAM, () -> new MemServ(view, memory.regions(), memservCores))
            .with(SkbServer.PROGRAM, () -> new SkbServer(view, memory.regions(), facts))
            .with(Spawnd.PROGRAM, Spawnd::new);
    }

    /**
     * Core 0 starts memserv first — init hands it the RAM before any other dispatcher gets a grant — then the
     * SKB; memserv's other instances start on their nodes once every core is up, and spawnd on every core, before
     * the task.
     */
    private BootPlan plan(final Optional<String> task, final int taskCore)
    {
        return new BootPlan(List.of(MemServ.PROGRAM, SkbServer.PROGRAM), task, taskCore, Optional.of(MemServ.PROGRAM),
            MemServ.instanceCores(coreView(), memory.regions(), platform.coreCount()), List.of(Spawnd.PROGRAM));
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
