package dev.flotilla.services.memserv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Reply;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.mem.MemServClient;
import dev.flotilla.lib.mem.MemServInterface;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import dev.flotilla.lib.skb.SkbAnswer;
import dev.flotilla.lib.skb.SkbClient;
import dev.flotilla.lib.skb.SkbInterface;
import dev.flotilla.lib.vm.VSpace;
import dev.flotilla.monitor.BootOutcome;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.monitor.SteppedPlatform;
import dev.flotilla.monitor.TestBoot;
import dev.flotilla.platform.memory.MemoryRegion;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.platform.topology.Cache;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import dev.flotilla.services.skb.CoreView;
import dev.flotilla.services.skb.SkbServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * memserv booted on stepped cores of a two-node machine: one instance per node, RAM for a dispatcher on a core
 * other than 0 from its own node's instance, mapped and used; fallback to the other node; every bad request.
 */
class MemServTest
{
    private static final int CORES = 8;
    private static final long MIB = 1L << 20;
    /** 64 MiB per node; init keeps 32 MiB of node 0 as its spawn reserve, memserv gets the rest. */
    private static final long MEMORY = 128 * MIB;

    private static Machine twoSockets()
    {
        final List<Cpu> cpus = IntStream.range(0, CORES).mapToObj(c -> new Cpu(c, c / 4, c % 4, c / 4, List.of(c)))
            .toList();
        return new Machine("two-sockets", "test", 2_000_000_000L, cpus,
            List.of(new NumaNode(0, List.of(0, 1, 2, 3), 1L << 30, List.of(10, 16)),
                new NumaNode(1, List.of(4, 5, 6, 7), 1L << 30, List.of(16, 10))),
            List.of(new Cache(3, "Unified", 8 << 20, List.of(0, 1, 2, 3)),
                new Cache(3, "Unified", 8 << 20, List.of(4, 5, 6, 7))),
            true);
    }

    /** A boot task that runs {@code body} in a thread with a memserv client, logging, and exits 0 unless it threw. */
    private static final class Task implements Program
    {
        private final List<String> log;
        private final java.util.function.BiConsumer<Context, List<String>> body;

        Task(final List<String> log, final java.util.function.BiConsumer<Context, List<String>> body)
        {
            this.log = log;
            this.body = body;
        }

        @Override
        public void start(final Dispatcher self)
        {
            self.thread("task", () ->
            {
                try
                {
                    body.accept(new Context(self), log);
                    self.exit(0);
                }
                catch (final RuntimeException e)
                {
                    log.add("threw " + e + " at " + java.util.Arrays.stream(e.getStackTrace()).limit(6).toList());
                    self.exit(1);
                }
            });
        }
    }

    /** What the task body works with. */
    record Context(Dispatcher self, MemServClient memserv, SlotAllocator slots)
    {
        Context(final Dispatcher self)
        {
            this(self, new MemServClient(self, MemServClient.nodesFrom(ask(self,
                MemServClient.nearestNodesGoal(self.core())))), SlotAllocator.forDispatcher());
        }

        /** Moves a capability that arrived into a slot of the task's own. */
        CapRef keep(final CapRef arrived)
        {
            final CapRef slot = slots.allocate();
            self.syscalls().copy(arrived, CapRef.inRoot(slot.l1Index()), slot.l2Slot());
            self.syscalls().delete(arrived);
            return slot;
        }

        /** The code {@code call} fails with, or "ok". */
        String code(final Runnable call)
        {
            try
            {
                call.run();
                return "ok";
            }
            catch (final FlotillaException e)
            {
                return e.code().name();
            }
        }
    }

    private static SkbAnswer ask(final Dispatcher self, final String goal)
    {
        final Reply<SkbAnswer> bound = new Reply<>();
        self.monitor().bind(SkbInterface.SERVICE, (channel, error) ->
        {
            final SkbClient skb = new SkbClient(channel);
            self.attach(skb.port());
            skb.query(goal, 100, 1_000_000, bound);
        });
        self.threads().await(bound);
        return bound.get();
    }

    private static List<MemoryRegion> regions;

    private static BootOutcome boot(final int taskCore, final List<String> log,
        final java.util.function.BiConsumer<Context, List<String>> body)
    {
        final Machine machine = twoSockets();
        try (SteppedPlatform platform = new SteppedPlatform(CORES, 100, machine);
             PhysicalMemory memory = PhysicalMemory.reserve(MEMORY, machine.numaNodes()))
        {
            regions = memory.regions();
            final int[] identity = IntStream.range(0, CORES).toArray();
            final List<Integer> instances = MemServ.instanceCores(machine, memory.regions(), CORES);
            final BootImage image = BootImage.empty()
                .with(SkbServer.PROGRAM, () -> new SkbServer(CoreView.of(machine, identity), memory.regions(),
                    Optional.empty()))
                .with(MemServ.PROGRAM, () -> new MemServ(machine, memory.regions(), instances))
                .with("task", () -> new Task(log, body));
            final BootPlan plan = new BootPlan(List.of(MemServ.PROGRAM, SkbServer.PROGRAM), Optional.of("task"), taskCore,
                Optional.of(MemServ.PROGRAM), instances);
            final MonitorConfig config = new MonitorConfig(CORES, 32, 5, 0, 0, 1_000_000_000L, 1_000_000_000L);
            final TestBoot booted = TestBoot.run(platform, memory, config, image, plan, 200_000_000_000L);
            assertTrue(platform.faults().isEmpty(), () -> platform.faults().toString());
            assertTrue(booted.halted(), "every core halted");
            return booted.outcome();
        }
    }

    private static boolean inNode(final int node, final Capability cap)
    {
        final MemoryRegion region = regions.get(node);
        return cap.base() >= region.base() && cap.base() + cap.size() <= region.base() + region.size();
    }

    @Test
    void aDispatcherOnAnotherNodeGetsRamFromItsOwnNodesInstanceAndMapsIt()
    {
        final List<String> log = new ArrayList<>();
        final BootOutcome outcome = boot(5, log, (x, out) ->
        {
            out.add("nodes " + x.memserv().nodes());
            final CapRef tables = x.keep(x.memserv().allocate(MIB));
            final CapRef block = x.keep(x.memserv().allocate(64 << 10));
            final Capability ram = x.self().syscalls().identify(block);
            out.add("block " + ram.type() + " " + ram.size() + " node1 " + inNode(1, ram) + " aligned "
                + (ram.base() % ram.size() == 0));
            final CapRef frame = x.slots().allocate();
            x.self().syscalls().retype(block, 0, CapType.FRAME, 64 << 10, 1, CapRef.inRoot(frame.l1Index()),
                frame.l2Slot());
            final VSpace vspace = VSpace.create(x.self().syscalls(), x.slots(),
                new RamAllocator(x.self().syscalls(), List.of(tables)));
            vspace.map(frame, 1L << 30, CapRights.READ.or(CapRights.WRITE));
            vspace.writeLong((1L << 30) + 4096, 0xfeedL);
            out.add("read " + Long.toHexString(vspace.readLong((1L << 30) + 4096)));
            out.add("free retyped " + x.code(() -> x.memserv().free(block)));
        });
        assertEquals(0, outcome.taskStatus(), log::toString);
        assertEquals(List.of("nodes [1, 0]", "block RAM 65536 node1 true aligned true", "read feed",
            "free retyped MEMSERV_RETYPED"), log);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "client on core {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1})
    void badRequestsAnswerClearCodesAndChangeNothing(final int core)
    {
        final List<String> log = new ArrayList<>();
        final BootOutcome outcome = boot(core, log, (x, out) ->
        {
            final List<MemServInterface.Stats> before = x.memserv().stats();
            out.add("3000 " + x.code(() -> x.memserv().allocate(3000)));
            out.add("12K " + x.code(() -> x.memserv().allocate(12 << 10)));
            out.add("2K " + x.code(() -> x.memserv().allocate(2 << 10)));
            out.add("node 7 " + x.code(() -> x.memserv().allocate(4096, 7)));
            out.add("1G " + x.code(() -> x.memserv().allocate(1L << 30)));
            out.add("empty range " + x.code(() -> x.memserv().allocate(4096, 5L << 40, 6L << 40)));
            out.add("nothing changed " + before.equals(x.memserv().stats()));
            final CapRef block = x.keep(x.memserv().allocate(1 << 20));
            final CapRef piece = x.slots().allocate();
            x.self().syscalls().retype(block, 0, CapType.RAM, 4096, 1, CapRef.inRoot(piece.l1Index()), piece.l2Slot());
            out.add("free a piece " + x.code(() -> x.memserv().free(piece)));
            out.add("free the retyped block " + x.code(() -> x.memserv().free(block)));
            final CapRef other = x.keep(x.memserv().allocate(1 << 20));
            out.add("free a block " + x.code(() -> x.memserv().free(other)));
            out.add("free it again " + x.code(() -> x.memserv().free(other)));
            out.add("one block out " + x.memserv().stats().stream().mapToLong(MemServInterface.Stats::handedOut).sum());
        });
        assertEquals(0, outcome.taskStatus(), log::toString);
        assertEquals(List.of("3000 MEMSERV_INVALID_SIZE", "12K MEMSERV_INVALID_SIZE", "2K MEMSERV_INVALID_SIZE",
            "node 7 MEMSERV_INVALID_NODE", "1G OUT_OF_MEMORY", "empty range MEMSERV_INVALID_RANGE",
            "nothing changed true", "free a piece MEMSERV_NOT_ALLOCATED", "free the retyped block MEMSERV_RETYPED",
            "free a block ok", "free it again CAP_NOT_FOUND", "one block out 1"),
            log);
    }

    @Test
    void anInstanceHoldingMoreBlocksThanItStartedWithSlotsForGrowsItsCNodesFromItsOwnNode()
    {
        final List<String> log = new ArrayList<>();
        final BootOutcome outcome = boot(1, log, (x, out) ->
        {
            // the client needs the slots too: its own grow from a megabyte of memserv's
            x.slots().growFrom(new RamAllocator(x.self().syscalls(), List.of(x.keep(x.memserv().allocate(MIB)))));
            final MemServInterface.Stats before = x.memserv().stats().getFirst();
            final List<CapRef> held = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) // the instance started with 3 x 256 slots, one per block held
            {
                held.add(x.keep(x.memserv().allocate(4096, 0)));
            }
            out.add("distinct " + held.stream().map(ram -> x.self().syscalls().identify(ram).base()).distinct().count());
            held.forEach(x.memserv()::free);
            final MemServInterface.Stats after = x.memserv().stats().getFirst();
            out.add("node " + after.node() + " kept " + (before.free() - after.free()) / 1024 + "K for its CNodes");
        });
        assertEquals(0, outcome.taskStatus(), log::toString);
        assertEquals(List.of("distinct 1000", "node 0 kept " + MemServ.SLOT_RAM / 1024 + "K for its CNodes"), log);
    }

    @Test
    void anExhaustedNodeFallsBackToTheNearestOtherAndFreedRamComesBack()
    {
        final List<String> log = new ArrayList<>();
        final BootOutcome outcome = boot(6, log, (x, out) ->
        {
            final List<MemServInterface.Stats> before = x.memserv().stats();
            out.add("instances " + before.stream().map(s -> s.node() + "@" + s.core() + ":" + s.total() / MIB).toList());
            final List<CapRef> held = new ArrayList<>();
            for (int i = 0; i < 6; i++)
            {
                final CapRef ram = x.keep(x.memserv().allocate(16 * MIB));
                held.add(ram);
                final Capability cap = x.self().syscalls().identify(ram);
                out.add("16M from node " + (inNode(1, cap) ? 1 : inNode(0, cap) ? 0 : -1));
            }
            out.add("a seventh " + x.code(() -> x.memserv().allocate(16 * MIB)));
            final List<MemServInterface.Stats> full = x.memserv().stats();
            out.add("free " + full.stream().map(s -> s.free() / MIB).toList());
            held.forEach(x.memserv()::free);
            out.add("back " + before.equals(x.memserv().stats()));
            final CapRef low = x.keep(x.memserv().allocate(4096, before.get(1).base() + 4 * MIB, before.get(1).base()
                + 8 * MIB));
            out.add("ranged at +" + (x.self().syscalls().identify(low).base() - before.get(1).base()) / MIB + " MiB");
            x.memserv().free(low);
        });
        assertEquals(0, outcome.taskStatus(), log::toString);
        assertEquals(List.of("instances [1@4:64, 0@0:32]", "16M from node 1", "16M from node 1", "16M from node 1",
            "16M from node 1", "16M from node 0", "16M from node 0", "a seventh OUT_OF_MEMORY", "free [0, 0]", "back true", "ranged at +4 MiB"), log);
    }
}
