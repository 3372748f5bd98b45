package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapRights;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.lib.skb.SkbClient;
import dev.flotilla.lib.skb.SkbInterface;
import dev.flotilla.lib.vm.PageFault;
import dev.flotilla.lib.vm.ScratchMemory;
import dev.flotilla.lib.vm.Shootdowns;
import dev.flotilla.lib.vm.VSpace;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.IdlePolicy;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.linux.LinuxPlatform;
import dev.flotilla.platform.linux.SysfsDiscovery;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.runtime.Boot;
import dev.flotilla.runtime.BootResult;
import dev.flotilla.services.memserv.MemServ;
import dev.flotilla.services.skb.CoreView;
import dev.flotilla.services.skb.SkbServer;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.systemtests.shootdown.ShootdownCheckBinding;
import dev.flotilla.systemtests.shootdown.ShootdownCheckHandler;
import dev.flotilla.urpc.Interconnect;
import dev.flotilla.urpc.SharedMemoryInterconnect;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Unmap with TLB shootdown in the booted OS: a domain spans every core, each dispatcher maps a page of its own at
 * one address and reads it. After the first dispatcher's unmap along each of the SKB's trees returns, no
 * dispatcher of the domain on any core can read the page (VSPACE_NOT_MAPPED); bad unmaps — an address with
 * nothing mapped, a tree rooted elsewhere, an unknown strategy — are refused with their code and leave every
 * mapping as it was. Natively on 2 cores and on the simulated 8x4-core AMD (32 cores).
 */
class ShootdownSystemTest
{
    private static final long MIB = 1L << 20;
    private static final long VA = 0x40_0000_0000L;
    private static final CapRights RW = CapRights.READ.or(CapRights.WRITE);

    /** What the first dispatcher saw, one line per check: {@code what: observed}. */
    private static List<String> run(final Platform platform, final Interconnect interconnect,
        final MonitorConfig config, final PhysicalMemory memory) throws InterruptedException
    {
        final int cores = platform.coreCount();
        final int[] cpuOfCore = IntStream.range(0, cores).map(platform::cpuOf).toArray();
        final dev.flotilla.platform.topology.Machine view = CoreView.of(platform.machine(), cpuOfCore);
        final List<Integer> instances = MemServ.instanceCores(view, memory.regions(), cores);
        final Queue<String> seen = new ConcurrentLinkedQueue<>();
        final BootImage image = BootImage.empty()
            .with(MemServ.PROGRAM, () -> new MemServ(view, memory.regions(), instances))
            .with(SkbServer.PROGRAM, () -> new SkbServer(view, memory.regions(), Optional.empty()))
            .with("task", () -> new DomainProgram(new Spanning(seen)));
        final BootResult result = Boot.run(platform, interconnect, config, image,
            new BootPlan(List.of(MemServ.PROGRAM, SkbServer.PROGRAM), Optional.of("task"), 0,
                Optional.of(MemServ.PROGRAM), instances), memory);
        assertTrue(result.succeeded(), () -> result.error().orElse("") + " " + seen);
        assertEquals(0, result.outcome().orElseThrow().taskStatus(), seen::toString);
        return List.copyOf(seen);
    }

    private static void assertShotDown(final List<String> seen, final int cores)
    {
        final String all = "[" + String.join(", ", IntStream.range(1, cores).mapToObj(c -> "VSPACE_NOT_MAPPED")
            .toList()) + "]";
        final String readable = "[" + String.join(", ", IntStream.range(1, cores).mapToObj(c -> "readable").toList())
            + "]";
        final List<String> expected = new ArrayList<>(List.of("others mapped: " + readable,
            "unmap of an address with nothing mapped: VSPACE_NOT_MAPPED", "own page after it: readable",
            "others after it: " + readable,
            "unmap along a tree rooted at another core: SHOOTDOWN_BAD_TREE", "own page after it: readable",
            "others after it: " + readable,
            "the tree of an unknown strategy: SHOOTDOWN_UNKNOWN_STRATEGY"));
        for (final String strategy : Shootdowns.STRATEGIES)
        {
            expected.addAll(List.of(strategy + " unmap: done", strategy + " own page after it: VSPACE_NOT_MAPPED",
                strategy + " others after it: " + all, strategy + " others mapped again: " + readable));
        }
        expected.add("drops on the first: 0");
        assertEquals(expected, seen);
    }

    @Test
    void afterAnUnmapNoRealCoreCanReadThePage() throws Exception
    {
        try (PhysicalMemory memory = PhysicalMemory.reserve(256 * MIB, List.of());
             LinuxPlatform platform = new LinuxPlatform(SysfsDiscovery.discoverHost(), 2, IdlePolicy.POLL_THEN_BLOCK))
        {
            assertShotDown(run(platform, new SharedMemoryInterconnect(platform), MonitorConfig.defaults(2)
                .withPingRounds(10), memory), 2);
        }
    }

    @Test
    void afterAnUnmapNoneOf32SimulatedCoresCanReadThePage() throws Exception
    {
        final int cores = 32;
        try (SimPlatform sim = new SimPlatform(Machines.load("amd-8x4"), cores, SimOptions.seeded(3));
             PhysicalMemory memory = PhysicalMemory.reserve(512 * MIB, sim.machine().numaNodes()))
        {
            assertShotDown(run(sim, new SimInterconnect(sim), MonitorConfig.defaults(cores).withWarmupNs(0, 0)
                .withPingRounds(2), memory), cores);
        }
    }

    /** The domain: the first checks, the spanned dispatchers map, read and report. */
    private static final class Spanning implements Domain
    {
        private final Queue<String> seen;
        /** The first's: the pending calls of its spanned dispatchers, by core. */
        private final TreeMap<Integer, ShootdownCheckBinding.NextRequest> waiting = new TreeMap<>();
        private final TreeMap<Integer, String> observed = new TreeMap<>();

        Spanning(final Queue<String> seen)
        {
            this.seen = seen;
        }

        @Override
        public void main(final DomainContext context)
        {
            final int cores = context.systemCores();
            context.export(service(context), this::serve);
            for (int core = 1; core < cores; core++)
            {
                context.span(core);
            }
            final ScratchMemory memory = ScratchMemory.open(context.dispatcher());
            final ScratchMemory.Block block = memory.map(4096, memory.nodes().getFirst(), VA);
            final VSpace vspace = memory.vspace();
            final Shootdowns shootdowns = Shootdowns.attach(context.dispatcher(), vspace);
            vspace.readLong(VA);
            final SkbClient skb = new SkbClient(context.bind(SkbInterface.SERVICE));
            await(context, cores - 1);
            seen.add("others mapped: " + command(context, 1, cores));

            seen.add("unmap of an address with nothing mapped: " + code(() -> shootdowns.unmap(VA + MIB,
                shootdowns.tree(skb, "numa"))));
            seen.add("own page after it: " + read(vspace));
            seen.add("others after it: " + command(context, 1, cores));
            seen.add("unmap along a tree rooted at another core: " + code(() -> shootdowns.unmap(VA,
                new MulticastTree(cores - 1, List.of(new MulticastTree(0, List.of()))))));
            seen.add("own page after it: " + read(vspace));
            seen.add("others after it: " + command(context, 1, cores));
            seen.add("the tree of an unknown strategy: " + code(() -> shootdowns.tree(skb, "gossip")));

            for (final String strategy : Shootdowns.STRATEGIES)
            {
                final MulticastTree tree = shootdowns.tree(skb, strategy);
                seen.add(strategy + " unmap: " + code(() -> shootdowns.unmap(VA, tree)));
                seen.add(strategy + " own page after it: " + read(vspace));
                seen.add(strategy + " others after it: " + command(context, 1, cores));
                vspace.map(block.frame(), VA, RW);
                command(context, 2, cores);
                seen.add(strategy + " others mapped again: " + command(context, 1, cores));
            }
            seen.add("drops on the first: " + shootdowns.drops());
            answer(0);
            memory.release(block);
            memory.close();
        }

        @Override
        public void spanned(final DomainContext context)
        {
            final ShootdownCheckBinding first = new ShootdownCheckBinding(context.bind(service(context)));
            final ScratchMemory memory = ScratchMemory.open(context.dispatcher());
            final ScratchMemory.Block block = memory.map(4096, memory.nodes().getFirst(), VA);
            final VSpace vspace = memory.vspace();
            Shootdowns.attach(context.dispatcher(), vspace);
            vspace.readLong(VA);
            String report = "mapped";
            for (int command = first.next(context.core(), report); command != 0;
                command = first.next(context.core(), report))
            {
                if (command == 1)
                {
                    report = read(vspace);
                }
                else
                {
                    vspace.map(block.frame(), VA, RW);
                    report = "mapped";
                }
            }
            if (vspace.isMapped(VA))
            {
                memory.release(block);
            }
            memory.close();
        }

        private void serve(final Port port)
        {
            new ShootdownCheckBinding(port, new ShootdownCheckHandler()
            {
                @Override
                public void onNext(final ShootdownCheckBinding.NextRequest request, final int core, final String seen)
                {
                    observed.put(core, seen);
                    waiting.put(core, request);
                }
            });
        }

        /** Has every spanned dispatcher do {@code command}; returns what each then reported, in core order. */
        private List<String> command(final DomainContext context, final int command, final int cores)
        {
            answer(command);
            await(context, cores - 1);
            return List.copyOf(observed.values());
        }

        private void answer(final int command)
        {
            final List<ShootdownCheckBinding.NextRequest> answered = List.copyOf(waiting.values());
            waiting.clear();
            answered.forEach(request -> request.reply(command));
        }

        private void await(final DomainContext context, final int count)
        {
            while (waiting.size() < count)
            {
                context.sleepNs(10_000);
            }
        }

        private static String read(final VSpace vspace)
        {
            try
            {
                vspace.readLong(VA);
                return "readable";
            }
            catch (final PageFault fault)
            {
                return fault.code().name();
            }
        }

        private static String code(final Runnable action)
        {
            try
            {
                action.run();
                return "done";
            }
            catch (final FlotillaException e)
            {
                return e.code().name();
            }
        }

        private static String service(final DomainContext context)
        {
            return "shootdown-check-" + Long.toHexString(context.domainId());
        }
    }
}
