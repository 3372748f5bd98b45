package dev.flotilla.services.spawnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.FlotillaException;
import dev.flotilla.idl.Port;
import dev.flotilla.idl.Reply;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.lib.mem.MemServClient;
import dev.flotilla.lib.mem.MemServInterface;
import dev.flotilla.lib.mem.SlotAllocator;
import dev.flotilla.services.spawnd.lender.BorrowerBinding;
import dev.flotilla.services.spawnd.lender.BorrowerHandler;
import dev.flotilla.lib.mem.MemServInterfaceBinding;
import dev.flotilla.lib.mem.MemServInterfaceHandler;
import dev.flotilla.lib.spawn.SpawndClient;
import dev.flotilla.lib.spawn.SpawndInterface;
import dev.flotilla.lib.spawn.SpawndInterfaceBinding;
import dev.flotilla.lib.spawn.SpawndInterfaceHandler;
import dev.flotilla.lib.vm.ScratchMemory;
import dev.flotilla.monitor.BootOutcome;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.monitor.SteppedPlatform;
import dev.flotilla.monitor.TestBoot;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import dev.flotilla.services.memserv.MemServ;
import dev.flotilla.services.skb.CoreView;
import dev.flotilla.services.skb.SkbServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * spawnd on every core of a stepped two-node machine, with memserv: domains started on a core, spanned, listed and
 * stopped on every core; bad requests answered with their codes while spawnd goes on; and the RAM a domain took
 * from memserv on every core it ran on back in memserv once it exited, threw or was stopped.
 */
class SpawndTest
{
    private static final int CORES = 4;
    private static final long KIB = 1024;
    private static final String BORROWER = "borrower";

    private static Machine machine()
    {
        final List<Cpu> cpus = IntStream.range(0, CORES).mapToObj(c -> new Cpu(c, c / 2, c % 2, c / 2, List.of(c)))
            .toList();
        return new Machine("two-nodes", "test", 2_000_000_000L, cpus,
            List.of(new NumaNode(0, List.of(0, 1), 1L << 30, List.of(10, 20)),
                new NumaNode(1, List.of(2, 3), 1L << 30, List.of(20, 10))), List.of(), true);
    }

    /** Maps 64 KiB from memserv in every dispatcher and keeps it; then exits, throws or stays, as its first argument says. */
    private static final class Holder implements Domain
    {
        @Override
        public void main(final DomainContext context)
        {
            if (context.args().contains("span"))
            {
                for (int core = 0; core < context.systemCores(); core++)
                {
                    if (core != context.core())
                    {
                        context.span(core);
                    }
                }
            }
            spanned(context);
        }

        @Override
        public void spanned(final DomainContext context)
        {
            final ScratchMemory memory = ScratchMemory.open(context.dispatcher());
            memory.map(64 * KIB, memory.nodes().getFirst(), 0x40_0000_0000L);
            switch (context.args().getFirst())
            {
                case "throw" -> throw new IllegalStateException("thrown as asked");
                case "lend" ->
                {
                    lend(context.dispatcher());
                    while (true)
                    {
                        context.sleepNs(1_000_000_000L);
                    }
                }
                case "stay" ->
                {
                    while (true)
                    {
                        context.sleepNs(1_000_000_000L);
                    }
                }
                default -> { }
            }
        }
    }

    /** Takes 64 KiB of RAM from memserv and lends a copy of it to the borrower on another core. */
    private static void lend(final Dispatcher self)
    {
        final CapRef ram = MemServClient.open(self).allocate(64 * KIB);
        final BorrowerBinding borrower = new BorrowerBinding(bind(self, BORROWER));
        borrower.borrow(ram);
    }

    private static Port bind(final Dispatcher self, final String name)
    {
        for (int attempt = 0; ; attempt++)
        {
            final Reply<dev.flotilla.urpc.Channel> bound = new Reply<>();
            self.monitor().bind(name, bound);
            self.threads().await(bound);
            if (bound.error() == null)
            {
                final Port port = new Port(bound.get());
                self.attach(port);
                return port;
            }
            if (attempt > 1000)
            {
                throw new FlotillaException(bound.error(), name);
            }
            self.threads().sleep(1_000_000); // spawnd starts beside the task and may not have exported yet
        }
    }

    /** What the boot task sees: spawnd on every core and memserv's free memory on both nodes. */
    private record View(Dispatcher self, List<SpawndInterfaceBinding> spawnd, List<MemServInterfaceBinding> memserv)
    {
        /** Binds spawnd on every core and both nodes' memserv instances. */
        static View bind(final Dispatcher self)
        {
            final List<SpawndInterfaceBinding> spawnd = new ArrayList<>();
            for (int core = 0; core < CORES; core++)
            {
                spawnd.add(new SpawndInterfaceBinding(SpawndTest.bind(self, SpawndInterface.SERVICE_PREFIX + core),
                    new SpawndInterfaceHandler() { }));
            }
            final List<MemServInterfaceBinding> memserv = new ArrayList<>();
            for (int node = 0; node < 2; node++)
            {
                memserv.add(new MemServInterfaceBinding(SpawndTest.bind(self, MemServInterface.SERVICE_PREFIX + node),
                    new MemServInterfaceHandler() { }));
            }
            return new View(self, spawnd, memserv);
        }

        long free()
        {
            return memserv.stream().mapToLong(m -> m.stats().free()).sum();
        }

        /** Waits until {@code holds} is true, up to a second of the core's clock. */
        boolean until(final java.util.function.BooleanSupplier holds)
        {
            for (int i = 0; i < 1000; i++)
            {
                if (holds.getAsBoolean())
                {
                    return true;
                }
                self.threads().sleep(1_000_000);
            }
            return false;
        }

        boolean running(final long domain)
        {
            return spawnd.getFirst().domains().lines().anyMatch(line -> line.startsWith(domain + "\t"));
        }

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

    private static void task(final Dispatcher self, final List<String> log)
    {
        final View v = View.bind(self);
        final List<SpawndInterfaceBinding> spawnd = v.spawnd();
        final long before = v.free();
        for (final String mode : List.of("exit", "throw"))
        {
            final long id = spawnd.get(3).spawn("holder", mode);
            log.add(mode + " on core " + (id >>> 32) + ": gone " + v.until(() -> !v.running(id)) + ", memory back "
                + v.until(() -> v.free() == before));
        }
        final long stay = spawnd.get(1).spawn("holder", "stay\nspan");
        final long eachHolds = 64 * KIB + ScratchMemory.TABLE_BYTES;
        log.add("spanned and holding " + v.until(() -> v.free() == before - CORES * eachHolds));
        log.add("listed " + spawnd.get(2).domains().lines().filter(line -> line.startsWith(stay + "\t")).toList());
        log.add("span again " + v.code(() -> spawnd.get(2).span(stay)));
        log.add("unknown program " + v.code(() -> spawnd.get(0).spawn("no-such-program", "")));
        log.add("kill nothing " + v.code(() -> spawnd.get(0).kill(0x7_0000_0001L)));
        log.add("kill " + v.code(() -> spawnd.get(3).kill(stay)));
        log.add("every dispatcher ended " + v.until(() -> !v.running(stay)) + ", memory back "
            + v.until(() -> v.free() == before));
        log.add("span the ended " + v.code(() -> spawnd.get(2).span(stay)));
        final long after = spawnd.get(0).spawn("holder", "exit");
        log.add("still serving " + (after >>> 32) + " " + v.until(() -> !v.running(after) && v.free() == before));
    }

    @Test
    void spawndStartsSpansListsAndStopsDomainsAndTheirMemoryGoesBack()
    {
        final List<String> log = new ArrayList<>();
        boot(List.of(Spawnd.PROGRAM), self -> task(self, log), log);
        assertEquals(List.of("exit on core 3: gone true, memory back true", "throw on core 3: gone true, memory back true",
            "spanned and holding true", "listed [" + (1L << 32 | 1) + "\tholder\t0,1,2,3\tRUNNING]",
            "span again DOMAIN_ALREADY_ON_CORE", "unknown program PROGRAM_NOT_FOUND", "kill nothing DOMAIN_NOT_FOUND",
            "kill ok", "every dispatcher ended true, memory back true", "span the ended DOMAIN_NOT_FOUND",
            "still serving 0 true"), log);
    }

    /**
     * A domain on core 3 lends a copy of memserv's RAM to a dispatcher on core 0 and is stopped: memserv takes the block
     * back, and the copy on core 0 is revoked with it (distributed revoke) rather than left to alias memory memserv
     * hands out again.
     */
    @Test
    void ramLentToAnotherCoreIsRevokedThereWhenTheLendingDomainIsStopped()
    {
        final List<String> log = new ArrayList<>();
        boot(List.of(Spawnd.PROGRAM), self ->
        {
            final SlotAllocator slots = SlotAllocator.forDispatcher();
            final List<CapRef> borrowed = new ArrayList<>();
            final Reply<Boolean> exported = new Reply<>();
            self.monitor().export(BORROWER, channel ->
            {
                final Port port = new Port(channel);
                self.attach(port);
                new BorrowerBinding(port, new BorrowerHandler()
                {
                    @Override
                    public void onBorrow(final BorrowerBinding.BorrowRequest request, final CapRef cap)
                    {
                        final CapRef kept = slots.allocate();
                        self.syscalls().copy(cap, CapRef.inRoot(kept.l1Index()), kept.l2Slot());
                        self.syscalls().delete(cap);
                        borrowed.add(kept);
                        request.reply(self.syscalls().identify(kept).size());
                    }
                });
            }, exported);
            self.threads().await(exported);
            final View v = View.bind(self);
            final List<SpawndInterfaceBinding> spawnd = v.spawnd();
            final long before = v.free();
            final long id = spawnd.get(3).spawn("holder", "lend");
            log.add("lent " + v.until(() -> borrowed.size() == 1) + ", held on core 0 as "
                + (borrowed.isEmpty() ? "nothing" : self.syscalls().identify(borrowed.getFirst()).type()));
            log.add("kill " + v.code(() -> spawnd.get(1).kill(id)));
            log.add("gone " + v.until(() -> !v.running(id)) + ", memory back " + v.until(() -> v.free() == before));
            log.add("the borrowed copy " + v.code(() -> self.syscalls().identify(borrowed.getFirst())));
        }, log);
        assertEquals(List.of("lent true, held on core 0 as RAM", "kill ok", "gone true, memory back true",
            "the borrowed copy CAP_NOT_FOUND"), log);
    }

    /** A core without spawnd (it never started one) is SPAWND_NOT_RUNNING, a core outside the machine INVALID_CORE; the others serve. */
    @Test
    void aCoreWithoutSpawndIsReportedAndTheOthersServe()
    {
        final List<String> log = new ArrayList<>();
        boot(List.of(), self ->
        {
            for (final int core : List.of(0, 1, 2))
            {
                final Reply<Boolean> started = new Reply<>();
                self.monitor().spawn(core, Spawnd.PROGRAM, started);
                self.threads().await(started);
            }
            for (final int core : List.of(3, CORES, 2))
            {
                try
                {
                    final SpawndInterfaceBinding spawnd = SpawndClient.bind(self, core, CORES, 50_000_000L);
                    final long id = spawnd.spawn("holder", "exit");
                    log.add(core + ": started on " + (id >>> 32));
                }
                catch (final FlotillaException e)
                {
                    log.add(core + ": " + e.code());
                }
            }
        }, log);
        assertEquals(List.of("3: SPAWND_NOT_RUNNING", CORES + ": INVALID_CORE", "2: started on 2"), log);
    }

    private static void boot(final List<String> everyCore, final java.util.function.Consumer<Dispatcher> body,
        final List<String> log)
    {
        final Machine machine = machine();
        try (SteppedPlatform platform = new SteppedPlatform(CORES, 100, machine);
             PhysicalMemory memory = PhysicalMemory.reserve(128L << 20, machine.numaNodes()))
        {
            final int[] identity = IntStream.range(0, CORES).toArray();
            final List<Integer> instances = MemServ.instanceCores(machine, memory.regions(), CORES);
            final Supplier<Program> task = () -> new Program()
            {
                @Override
                public void start(final Dispatcher self)
                {
                    self.thread("task", () ->
                    {
                        try
                        {
                            body.accept(self);
                        }
                        catch (final RuntimeException e)
                        {
                            log.add("threw " + e);
                        }
                        self.exit(0);
                    });
                }
            };
            final BootImage image = BootImage.empty()
                .with(SkbServer.PROGRAM, () -> new SkbServer(CoreView.of(machine, identity), memory.regions(), Optional.empty()))
                .with(MemServ.PROGRAM, () -> new MemServ(machine, memory.regions(), instances))
                .with(Spawnd.PROGRAM, Spawnd::new)
                .with("holder", () -> new DomainProgram(new Holder()))
                .with("task", task);
            final BootPlan plan = new BootPlan(List.of(MemServ.PROGRAM, SkbServer.PROGRAM), Optional.of("task"), 0,
                Optional.of(MemServ.PROGRAM), instances, everyCore);
            final MonitorConfig config = new MonitorConfig(CORES, 32, 5, 0, 0, 1_000_000_000L, 1_000_000_000L);
            final TestBoot booted = TestBoot.run(platform, memory, config, image, plan, 200_000_000_000L);
            assertTrue(platform.faults().isEmpty(), () -> platform.faults().toString());
            final BootOutcome outcome = booted.outcome();
            assertTrue(outcome.succeeded(), () -> outcome.error().orElse("") + " " + log);
        }
    }
}
