package dev.flotilla.bench.paper;

import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.runtime.Boot;
import dev.flotilla.runtime.BootResult;
import dev.flotilla.services.memserv.MemServ;
import dev.flotilla.services.skb.CoreView;
import dev.flotilla.services.skb.SkbServer;
import dev.flotilla.urpc.Interconnect;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The OS as the runtime boots it, memserv and the SKB first, with a benchmark domain as the boot task: memserv
 * either as one instance per NUMA node (each on its node's lowest core, the default design) or as one central
 * instance on core 0 serving every node under each node's name, so that clients bind it exactly as they would
 * bind their own node's.
 */
final class MemservSystem
{
    /** How memserv is laid out. */
    enum Design
    {
        /** One instance on core 0 for every node. */
        CENTRAL,
        /** One instance per NUMA node with memory. */
        PER_NODE
    }

    private MemservSystem()
    {
    }

    /**
     * Boots every core of {@code platform}, runs {@code task} (a fresh instance on every core the domain spans)
     * as the boot task and waits for the halt.
     *
     * @return the boot task's exit status (0: it finished; -1: it threw).
     * @throws IllegalStateException if the system did not boot or a core faulted.
     */
    static long run(final Platform platform, final Interconnect interconnect, final MonitorConfig config,
        final PhysicalMemory memory, final Design design, final Supplier<Domain> task, final long haltWithinNs)
        throws InterruptedException
    {
        final int cores = platform.coreCount();
        final int[] cpuOfCore = IntStream.range(0, cores).map(platform::cpuOf).toArray();
        final Machine view = CoreView.of(platform.machine(), cpuOfCore);
        final List<Integer> instances = design == Design.PER_NODE
            ? MemServ.instanceCores(view, memory.regions(), cores) : List.of();
        final BootImage image = BootImage.empty()
            .with(MemServ.PROGRAM, () -> new MemServ(view, memory.regions(), instances))
            .with(SkbServer.PROGRAM, () -> new SkbServer(view, memory.regions(), Optional.empty()))
            .with("bench-task", () -> new DomainProgram(task.get()));
        final BootResult result = Boot.run(platform, interconnect, config, image,
            new BootPlan(List.of(MemServ.PROGRAM, SkbServer.PROGRAM), Optional.of("bench-task"), 0,
                Optional.of(MemServ.PROGRAM), instances), memory, config.bootTimeoutNs() + haltWithinNs);
        if (!platform.faults().isEmpty())
        {
            throw new IllegalStateException(cores + " cores: " + platform.faults());
        }
        if (!result.succeeded())
        {
            throw new IllegalStateException(cores + " cores: " + result.error().orElse("the system did not halt"));
        }
        return result.outcome().orElseThrow().taskStatus();
    }
}
