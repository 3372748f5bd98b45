package dev.flotilla.bench.paper;

import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.monitor.BootOutcome;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.CoreBooter;
import dev.flotilla.monitor.Monitor;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.services.memserv.MemServ;
import dev.flotilla.services.skb.CoreView;
import dev.flotilla.services.skb.SkbServer;
import dev.flotilla.urpc.Interconnect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

/**
 * Boots the OS with memserv and the SKB on every core of a platform, runs {@link UnmapDomain} as the boot task
 * (the first dispatcher on core 0, one spanned to every other core) and halts. Core 0's monitor is handed to the
 * domain before core 0 starts, for the bare rounds it starts itself (as {@link CommitRounds} does).
 */
final class OsUnmap
{
    private static final String TASK = "unmap-task";
    private static final long MIB = 1L << 20;

    private OsUnmap()
    {
    }

    /**
     * @param trees        the SKB's trees over the platform's cores, rooted at core 0, by strategy.
     * @param haltWithinNs platform time after boot within which the domain must be done.
     * @return one result per tree, in the trees' order.
     * @throws IllegalStateException if the system did not boot, the domain failed or a read was stale.
     */
    static List<UnmapDomain.Result> run(final Platform platform, final Interconnect interconnect,
        final MonitorConfig config, final Map<String, MulticastTree> trees, final int warmUp, final int measured,
        final long haltWithinNs) throws InterruptedException
    {
        final int cores = platform.coreCount();
        final Queue<UnmapDomain.Result> results = new ConcurrentLinkedQueue<>();
        final Queue<String> stale = new ConcurrentLinkedQueue<>();
        final Monitor[] coordinator = new Monitor[1]; // set before core 0 starts, read only on core 0 after
        try (PhysicalMemory memory = PhysicalMemory.reserve(Math.max(256, 8L * cores) * MIB,
            platform.machine().numaNodes()))
        {
            final int[] cpuOfCore = IntStream.range(0, cores).map(platform::cpuOf).toArray();
            final dev.flotilla.platform.topology.Machine view = CoreView.of(platform.machine(), cpuOfCore);
            final List<Integer> instances = MemServ.instanceCores(view, memory.regions(), cores);
            final UnmapDomain.Plan plan = new UnmapDomain.Plan(trees, warmUp, measured, () -> coordinator[0], results,
                stale);
            final BootImage image = BootImage.empty()
                .with(MemServ.PROGRAM, () -> new MemServ(view, memory.regions(), instances))
                .with(SkbServer.PROGRAM, () -> new SkbServer(view, memory.regions(), Optional.empty()))
                .with(TASK, () -> new DomainProgram(new UnmapDomain(plan)));
            final BootPlan boot = new BootPlan(List.of(MemServ.PROGRAM, SkbServer.PROGRAM), Optional.of(TASK), 0,
                Optional.of(MemServ.PROGRAM), instances);
            final CoreBooter booter = (core, frame) ->
            {
                final CpuDriver kernel = new CpuDriver(core, memory, platform.clock(core))
                    .meteredBy(platform.workMeter(core));
                kernel.spawn("monitor", Monitor.application(core, config, image, interconnect, platform.clock(core),
                    kernel, frame));
                platform.startCore(core, kernel);
            };
            final CpuDriver kernel0 = new CpuDriver(0, memory, platform.clock(0)).meteredBy(platform.workMeter(0));
            final Monitor monitor0 = Monitor.bootstrap(config, image, boot, interconnect, platform.clock(0), kernel0,
                booter);
            coordinator[0] = monitor0;
            kernel0.spawn("monitor", monitor0);
            platform.startCore(0, kernel0);
            final boolean halted = platform.awaitHalt(config.bootTimeoutNs() + haltWithinNs);
            if (!platform.faults().isEmpty())
            {
                throw new IllegalStateException("unmap on " + cores + " cores: " + platform.faults());
            }
            if (!halted)
            {
                throw new IllegalStateException("unmap on " + cores + " cores did not finish within "
                    + haltWithinNs / 1_000_000 + " ms of platform time");
            }
            final BootOutcome outcome = monitor0.outcome();
            if (!outcome.succeeded() || outcome.taskStatus() != 0)
            {
                throw new IllegalStateException("unmap on " + cores + " cores: " + outcome.error().orElse(
                    "the domain ended with status " + outcome.taskStatus()));
            }
        }
        if (!stale.isEmpty())
        {
            throw new IllegalStateException("unmap on " + cores + " cores: " + stale);
        }
        return new ArrayList<>(results);
    }
}
