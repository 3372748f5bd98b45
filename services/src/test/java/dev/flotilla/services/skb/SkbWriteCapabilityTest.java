package dev.flotilla.services.skb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Reply;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.mem.SlotAllocator;
import dev.flotilla.lib.skb.SkbAnswer;
import dev.flotilla.lib.skb.SkbClient;
import dev.flotilla.lib.skb.SkbInterface;
import dev.flotilla.monitor.BootOutcome;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.monitor.SteppedPlatform;
import dev.flotilla.monitor.TestBoot;
import dev.flotilla.platform.memory.MemoryRegion;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Only holders of the SKB write capability change the knowledge base: the boot task, which init trusts, holds
 * it; a program it spawns does not, on its own core or another, and its asserts, retracts and consults are
 * refused with the knowledge base unchanged, while its queries are answered. A copy without W, or other RAM,
 * is not the capability.
 */
class SkbWriteCapabilityTest
{
    private static final int CORES = 4;
    private static final String OVERRIDES = "findall(x, transport_override(_, _, _), _L), length(_L, N)";

    private static Machine machine()
    {
        final List<Cpu> cpus = IntStream.range(0, CORES).mapToObj(c -> new Cpu(c, 0, c, 0, List.of(c))).toList();
        return new Machine("one-node", "test", 2_000_000_000L, cpus,
            List.of(new NumaNode(0, List.of(0, 1, 2, 3), 1L << 30, List.of(10))), List.of(), true);
    }

    /** A program that runs {@code body} in a user-level thread, then exits. */
    private record Threaded(java.util.function.Consumer<Dispatcher> body) implements Program
    {
        @Override
        public void start(final Dispatcher self)
        {
            self.thread("body", () ->
            {
                body.accept(self);
                self.exit(0);
            });
        }
    }

    private static SkbClient bind(final Dispatcher self)
    {
        final Reply<SkbClient> bound = new Reply<>();
        self.monitor().bind(SkbInterface.SERVICE, (channel, error) ->
        {
            final SkbClient client = channel == null ? null : new SkbClient(channel);
            if (client != null)
            {
                self.attach(client.port());
            }
            bound.complete(client, error);
        });
        self.threads().await(bound);
        return bound.get();
    }

    /** The code the call fails with, or {@code ok}. */
    private static String code(final Dispatcher self, final java.util.function.Consumer<Reply<Object>> call)
    {
        final Reply<Object> reply = new Reply<>();
        call.accept(reply);
        self.threads().await(reply);
        return reply.error() == null ? "ok" : reply.error().name();
    }

    private static String query(final Dispatcher self, final SkbClient skb, final String goal)
    {
        final Reply<SkbAnswer> reply = new Reply<>();
        skb.query(goal, 10, 100_000, reply);
        self.threads().await(reply);
        return reply.error() == null ? String.join("; ", reply.get().solutions()) : reply.error().name();
    }

    private static String holds(final Dispatcher self)
    {
        try
        {
            return self.syscalls().identify(CSpaceLayout.skbWrite()).type().name();
        }
        catch (final FlotillaException none)
        {
            return none.code().name();
        }
    }

    /** What a program that was handed nothing can do: ask, but not assert, retract or consult. */
    private static void stranger(final Dispatcher self, final List<String> log)
    {
        final SkbClient skb = bind(self);
        final String who = "stranger on " + self.core() + ": ";
        log.add(who + "holds " + holds(self));
        log.add(who + "asserta " + query(self, skb, "asserta(transport_override(0, 1, lmp))"));
        log.add(who + "retract " + query(self, skb, "retract(transport_override(1, 1, ump))"));
        log.add(who + "consult " + code(self, r -> skb.consult("transport_override(0, 1, lmp).\n",
            (ok, e) -> r.complete(ok, e))));
        log.add(who + "roundTrips " + code(self, r -> skb.roundTrips(new long[][] {{0}}, (ok, e) -> r.complete(ok, e))));
        log.add(who + "asks " + query(self, skb, "transport(1, 1, T)"));
    }

    private static void task(final Dispatcher self, final List<String> log, final List<String> strangers)
    {
        final SkbClient skb = bind(self);
        log.add("task holds " + holds(self));
        log.add("before present: asserta " + query(self, skb, "asserta(transport_override(1, 1, ump))"));
        log.add("before present: consult " + code(self, r -> skb.consult("transport_override(1, 1, ump).\n",
            (ok, e) -> r.complete(ok, e))));
        log.add("overrides " + query(self, skb, OVERRIDES));
        final SlotAllocator slots = SlotAllocator.forDispatcher();
        final CapRef readOnly = slots.allocate();
        self.syscalls().mint(CSpaceLayout.skbWrite(), CapRef.inRoot(readOnly.l1Index()), readOnly.l2Slot(),
            CapRights.READ.or(CapRights.GRANT).or(CapRights.IDENTIFY));
        log.add("present a copy without W " + code(self, r -> skb.present(readOnly, (ok, e) -> r.complete(ok, e))));
        log.add("present other RAM " + code(self, r -> skb.present(CSpaceLayout.taskRam(), (ok, e) -> r.complete(ok, e))));
        log.add("present " + code(self, r -> skb.present(CSpaceLayout.skbWrite(), (ok, e) -> r.complete(ok, e))));
        log.add("asserta " + query(self, skb, "asserta(transport_override(1, 1, ump))"));
        log.add("overrides " + query(self, skb, OVERRIDES));
        for (final int core : List.of(0, 2))
        {
            final Reply<Boolean> spawned = new Reply<>();
            self.monitor().spawn(core, "stranger", spawned);
            self.threads().await(spawned);
        }
        while (strangers.size() < 12)
        {
            self.threads().yield(); // the strangers run on their own; the boot task's exit would halt them
        }
        log.add("overrides at the end " + query(self, skb, OVERRIDES));
    }

    @Test
    void onlyAHolderOfTheWriteCapabilityChangesTheKnowledgeBase()
    {
        final List<String> log = new ArrayList<>();
        final List<String> strangers = new ArrayList<>();
        final Machine machine = machine();
        try (SteppedPlatform platform = new SteppedPlatform(CORES, 100, machine);
             PhysicalMemory memory = PhysicalMemory.reserve(64L << 20, machine.numaNodes()))
        {
            final List<MemoryRegion> regions = memory.regions();
            final Supplier<Program> skb = () -> new SkbServer(CoreView.of(machine, IntStream.range(0, CORES).toArray()),
                regions, Optional.empty());
            final BootImage image = BootImage.empty().with(SkbServer.PROGRAM, skb)
                .with("task", () -> new Threaded(self -> task(self, log, strangers)))
                .with("stranger", () -> new Threaded(self -> stranger(self, strangers)));
            final MonitorConfig config = new MonitorConfig(CORES, 32, 5, 0, 0, 1_000_000_000L, 1_000_000_000L);
            final TestBoot booted = TestBoot.run(platform, memory, config, image,
                new BootPlan(List.of(SkbServer.PROGRAM), Optional.of("task"), 0), 100_000_000_000L);
            assertTrue(platform.faults().isEmpty(), () -> platform.faults().toString() + platform.faults().stream()
                .map(f -> java.util.Arrays.toString(f.cause().getStackTrace())).toList());
            final BootOutcome outcome = booted.outcome();
            assertTrue(outcome.succeeded(), () -> outcome.error().orElse("") + " " + log + " " + strangers);
        }
        assertEquals(List.of("task holds RAM",
            "before present: asserta SKB_WRITE_REFUSED", "before present: consult SKB_WRITE_REFUSED", "overrides N = 0",
            "present a copy without W SKB_NOT_WRITE_CAPABILITY", "present other RAM SKB_NOT_WRITE_CAPABILITY",
            "present ok", "asserta true", "overrides N = 1", "overrides at the end N = 1"), log);
        for (final int core : List.of(0, 2))
        {
            final String who = "stranger on " + core + ": ";
            assertEquals(List.of(who + "holds CAP_NOT_FOUND", who + "asserta SKB_WRITE_REFUSED",
                who + "retract SKB_WRITE_REFUSED", who + "consult SKB_WRITE_REFUSED", who + "roundTrips SKB_WRITE_REFUSED",
                who + "asks T = ump"), strangers.stream().filter(line -> line.startsWith(who)).toList(),
                "queries are open to all, and they see what the writer asserted");
        }
    }
}
