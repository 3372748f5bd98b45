package dev.flotilla.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.idl.Reply;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.kernel.DispatcherControlBlock;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.monitor.adder.AdderBinding;
import dev.flotilla.monitor.adder.AdderHandler;
import dev.flotilla.urpc.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Domains end to end on a stepped platform: started by name, spanned to other cores, blocking RPCs from
 * their user-level threads, several clients on one server, a failing domain stopped and reclaimed while
 * the core goes on, killing, and every bad request answered with its code.
 *
 * <p>The stepped platform runs every core on the test's thread, so the test's logs may be shared by the
 * domains of several cores; nothing else here is.
 */
class DomainTest
{
    private static final long POLL_NS = 100_000;

    /** The boot task: does {@code begin}, then exits once {@code done} holds, looking again every 100 µs. */
    private static class Starter implements Program
    {
        private final Consumer<Dispatcher> begin;
        private final BooleanSupplier done;
        private long nextNs;

        Starter(final Consumer<Dispatcher> begin, final BooleanSupplier done)
        {
            this.begin = begin;
            this.done = done;
        }

        @Override
        public void start(final Dispatcher self)
        {
            begin.accept(self);
        }

        @Override
        public int step(final Dispatcher self, final long nowNs)
        {
            if (done.getAsBoolean())
            {
                self.exit(0);
                return 1;
            }
            nextNs = nowNs + POLL_NS;
            return 0;
        }

        @Override
        public long wakeupDeadlineNs()
        {
            return nextNs;
        }
    }

    /** Makes a split-phase call and waits for it in the calling user-level thread. */
    private static <T> T await(final Dispatcher self, final Consumer<Completion<T>> call)
    {
        final Reply<T> reply = new Reply<>();
        call.accept(reply);
        self.threads().await(reply);
        return reply.get();
    }

    private static String code(final Runnable call)
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

    private static TestBoot boot(final int cores, final BootImage image, final Program starter, final int core)
    {
        try (SteppedPlatform platform = new SteppedPlatform(cores, 100))
        {
            final MonitorConfig config = new MonitorConfig(cores, 16, 5, 0, 0, 1_000_000, 1_000_000);
            final TestBoot booted = TestBoot.run(platform, config, image.with("starter", () -> starter),
                new BootPlan(List.of(), Optional.of("starter"), core), 20_000_000_000L);
            assertTrue(platform.faults().isEmpty(), () -> platform.faults().toString());
            assertTrue(booted.halted(), "the system halted after the boot task exited");
            assertTrue(booted.outcome().succeeded(), () -> booted.outcome().error().orElse(""));
            return booted;
        }
    }

    @Test
    void aDomainSpansToOtherCoresEachDispatcherRunsItsOwnInstanceAndBadSpansAreRefused()
    {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final Domain spanner = new Domain()
        {
            @Override
            public void main(final DomainContext context)
            {
                for (final int core : new int[] {1, 2, 3})
                {
                    context.span(core);
                }
                log.add("again on 1: " + code(() -> context.span(1)));
                log.add("on 99: " + code(() -> context.span(99)));
                log.add("on -1: " + code(() -> context.span(-1)));
                log.add("main on " + context.core() + " " + context.args());
            }

            @Override
            public void spanned(final DomainContext context)
            {
                log.add("spanned on " + context.core() + " " + context.args() + " first=" + context.isFirst()
                    + " same id=" + (context.domainId() >>> 32 == 0));
                context.sleepNs(Long.MAX_VALUE / 4); // stays until the domain ends with its first dispatcher
            }
        };
        final List<String> errors = new ArrayList<>();
        final Starter starter = new Starter(self ->
        {
            self.monitor().spawnDomain(0, "spanner", List.of("a", "b c"), (id, error) -> log.add("spawned " + (error == null)));
            self.monitor().spawnDomain(1, "no-such-domain", List.of(), (id, error) -> errors.add("unknown: " + error));
            self.monitor().spawnDomain(42, "spanner", List.of(), (id, error) -> errors.add("core 42: " + error));
            self.monitor().spawnDomain(1, "spanner", List.of("line\nbreak"), (id, error) -> errors.add("args: " + error));
            self.monitor().span(99, (none, error) -> errors.add("the boot task, a domain too, spans to 99: " + error));
            self.monitor().kill(12345, (none, error) -> errors.add("kill: " + error));
        }, () -> log.size() >= 8 && errors.size() == 5);
        final TestBoot booted = boot(4, BootImage.empty().with("spanner", () -> new DomainProgram(spanner)), starter, 1);
        assertEquals(List.of("again on 1: DOMAIN_ALREADY_ON_CORE", "main on 0 [a, b c]", "on -1: INVALID_CORE",
            "on 99: INVALID_CORE", "spanned on 1 [a, b c] first=false same id=true", "spanned on 2 [a, b c] first=false same id=true",
            "spanned on 3 [a, b c] first=false same id=true", "spawned true"), log.stream().sorted().toList());
        assertEquals(List.of("args: INVALID_DOMAIN_NAME", "core 42: INVALID_CORE", "kill: DOMAIN_NOT_FOUND",
            "the boot task, a domain too, spans to 99: INVALID_CORE", "unknown: PROGRAM_NOT_FOUND"),
            errors.stream().sorted().toList());
        for (final CpuDriver kernel : booted.kernels())
        {
            assertFalse(kernel.dispatchers().stream().map(DispatcherControlBlock::name).anyMatch("spanner"::equals),
                "the domain ended with its first dispatcher, so core " + kernel.core() + " runs none of it");
        }
    }

    @Test
    void theDomainTableIsReplicatedOnEveryCoreAndListsWhatEachDomainSpansWithNoMessage()
    {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final Domain table = new Domain()
        {
            @Override
            public void main(final DomainContext context)
            {
                for (final int core : new int[] {1, 2, 3})
                {
                    context.span(core);
                }
                while (log.size() < 3)
                {
                    context.sleepNs(POLL_NS);
                }
            }

            @Override
            public void spanned(final DomainContext context)
            {
                // this core's replica: it learns of the spans to other cores from the home's rounds
                String line = "";
                while (!line.endsWith("\t0,1,2,3\tRUNNING"))
                {
                    context.sleepNs(POLL_NS);
                    final String lines = DomainTest.<String>await(context.dispatcher(), done -> context.dispatcher().monitor().domains(done));
                    line = lines.lines().filter(l -> l.startsWith(context.domainId() + "\t")).findFirst().orElse("");
                }
                log.add("core " + context.core() + ": " + line.substring(line.indexOf('\t') + 1));
                context.sleepNs(Long.MAX_VALUE / 4); // stays until the domain ends with its first dispatcher
            }
        };
        final boolean[] gone = new boolean[1];
        final Starter starter = new Starter(self ->
            self.monitor().spawnDomain(0, "table", List.of(), (id, error) -> log.add("spawned " + error)), () -> gone[0])
        {
            // then the starter's own core (2) lists domains until the ended one is gone from its replica too
            private boolean asking;

            @Override
            public int step(final Dispatcher self, final long nowNs)
            {
                if (log.size() == 4 && !asking && !gone[0])
                {
                    asking = true;
                    self.monitor().domains((lines, error) ->
                    {
                        asking = false;
                        gone[0] = error == null && !lines.contains("\ttable\t");
                    });
                }
                return super.step(self, nowNs);
            }
        };
        final TestBoot booted = boot(4, BootImage.empty().with("table", () -> new DomainProgram(table)), starter, 2);
        assertEquals(List.of("core 1: table\t0,1,2,3\tRUNNING", "core 2: table\t0,1,2,3\tRUNNING",
            "core 3: table\t0,1,2,3\tRUNNING", "spawned null"), log.stream().sorted().toList());
        // the boot task is a domain too, whose end may still be on its way to some replicas when the system halts
        final java.util.function.Function<Monitor, Object> others = monitor -> monitor.spanReplica().entrySet().stream()
            .filter(entry -> !entry.getValue().program().equals("starter")).toList();
        for (final Monitor monitor : booted.monitors())
        {
            assertEquals(others.apply(booted.monitors().getFirst()), others.apply(monitor), "core " + monitor.core());
            assertTrue(monitor.spanReplica().values().stream().noneMatch(span -> span.program().equals("table")),
                () -> "core " + monitor.core() + " still holds the ended domain: " + monitor.spanReplica());
        }
    }

    /** Serves Adder on every channel a client binds; a negative a makes its handler throw. */
    private static final class AdderService implements Program
    {
        @Override
        public void start(final Dispatcher self)
        {
            self.monitor().export("adder", channel ->
            {
                final Port port = new Port(channel);
                new AdderBinding(port, new AdderHandler()
                {
                    @Override
                    public void onAdd(final AdderBinding.AddRequest request, final long a, final long b)
                    {
                        if (a < 0)
                        {
                            throw new IllegalStateException("the adder cannot add " + a);
                        }
                        request.reply(a + b);
                    }
                });
                self.attach(port);
            }, (ok, error) ->
            {
                if (error != null)
                {
                    throw new IllegalStateException("export failed: " + error);
                }
            });
        }
    }

    /** Binds to the adder in a user-level thread and returns the blocking stub. */
    private static AdderBinding bindAdder(final DomainContext context)
    {
        final Dispatcher self = context.dispatcher();
        final Channel channel = await(self, done -> self.monitor().bind("adder", done));
        final Port port = new Port(channel);
        final AdderBinding adder = new AdderBinding(port);
        self.attach(port);
        return adder;
    }

    @Test
    void threadsOfADomainOnSeveralCoresCallOneServerWithBlockingRpcs()
    {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final Domain clients = new Domain()
        {
            @Override
            public void main(final DomainContext context)
            {
                context.span(2);
                context.span(3);
                work(context);
            }

            @Override
            public void spanned(final DomainContext context)
            {
                work(context);
            }

            private void work(final DomainContext context)
            {
                for (int t = 0; t < 3; t++)
                {
                    final int thread = t;
                    context.thread("client-" + t, () ->
                    {
                        final AdderBinding adder = bindAdder(context);
                        long sum = 0;
                        for (int i = 1; i <= 20; i++)
                        {
                            sum = adder.add(sum, i);
                        }
                        log.add("core " + context.core() + " thread " + thread + ": " + sum);
                    });
                }
            }
        };
        final BootImage image = BootImage.empty().with("adder", AdderService::new)
            .with("clients", () -> new DomainProgram(clients));
        boot(4, image, new Starter(self -> self.monitor().spawn(1, "adder", (ok, error) ->
            self.monitor().spawnDomain(0, "clients", List.of(), (id, failed) -> { })), () -> log.size() == 9), 0);
        assertEquals(9, log.size(), log::toString);
        assertTrue(log.stream().allMatch(line -> line.endsWith(": 210")), log::toString);
    }

    @Test
    void aCallToAServiceOnTheSameCoreIsAnLrpcThroughTheCpuDriver()
    {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final Domain client = context ->
        {
            final Dispatcher self = context.dispatcher();
            final Channel channel = await(self, done -> self.monitor().bind("adder", done));
            final Port port = new Port(channel);
            self.attach(port);
            final AdderBinding adder = new AdderBinding(port);
            long sum = 0;
            for (int i = 1; i <= 100; i++)
            {
                sum = adder.add(sum, i);
            }
            log.add(channel.transport() + " from core " + channel.localCore() + " to core " + channel.remoteCore() + ": "
                + sum);
        };
        final BootImage image = BootImage.empty().with("adder", AdderService::new)
            .with("client", () -> new DomainProgram(client));
        boot(2, image, new Starter(self -> self.monitor().spawn(1, "adder", (ok, error) ->
            self.monitor().spawnDomain(1, "client", List.of(), (id, failed) -> { })), () -> log.size() == 1), 0);
        assertEquals(List.of("LMP from core 1 to core 1: 5050"), log);
    }

    @Test
    void aDomainThatThrowsIsStoppedItsClientsSeeTheChannelClosedAndTheCoreGoesOn()
    {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final Domain client = new Domain()
        {
            @Override
            public void main(final DomainContext context)
            {
                final Dispatcher self = context.dispatcher();
                final AdderBinding adder = bindAdder(context);
                log.add("2 + 3 = " + adder.add(2, 3));
                log.add("crash: " + code(() -> adder.add(-1, 0)));
                log.add("after: " + code(() -> adder.add(1, 1)));
                log.add("bind again: " + code(() -> bindAdder(context)));
                final long id = await(self, done -> self.monitor().spawnDomain(2, "afterwards", List.of(), done));
                log.add("spawned on the failed domain's core: " + (id >>> 32));
            }
        };
        final Domain afterwards = context -> log.add("a new domain runs on core " + context.core());
        final BootImage image = BootImage.empty().with("adder", AdderService::new)
            .with("client", () -> new DomainProgram(client)).with("afterwards", () -> new DomainProgram(afterwards));
        final TestBoot booted = boot(3, image, new Starter(self -> self.monitor().spawn(2, "adder", (ok, error) ->
            self.monitor().spawnDomain(1, "client", List.of(), (id, failed) -> { })), () -> log.size() == 6), 0);
        assertEquals(List.of("2 + 3 = 5", "crash: CHANNEL_CLOSED", "after: CHANNEL_CLOSED", "bind again: SERVICE_NOT_FOUND"),
            log.subList(0, 4));
        assertEquals(List.of("a new domain runs on core 2", "spawned on the failed domain's core: 2"),
            log.subList(4, 6).stream().sorted().toList());
        final CpuDriver core2 = booted.kernels().stream().filter(k -> k.core() == 2).findFirst().orElseThrow();
        assertFalse(core2.dispatchers().stream().map(DispatcherControlBlock::name).anyMatch("adder"::equals),
            "the failed dispatcher left its core's run queue");
    }

    @Test
    void killingADomainStopsEveryOneOfItsDispatchers()
    {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final Domain sleeper = new Domain()
        {
            @Override
            public void main(final DomainContext context)
            {
                context.span(1);
                context.span(2);
                log.add("spanned");
                context.sleepNs(Long.MAX_VALUE / 4);
            }

            @Override
            public void spanned(final DomainContext context)
            {
                context.sleepNs(Long.MAX_VALUE / 4);
            }
        };
        final long[] id = new long[1];
        final TestBoot booted = boot(3, BootImage.empty().with("sleeper", () -> new DomainProgram(sleeper)),
            new Starter(self -> self.monitor().spawnDomain(0, "sleeper", List.of(), (domain, error) -> id[0] = domain), () ->
            {
                if (log.size() == 1)
                {
                    log.add("killing");
                    return false;
                }
                return log.size() == 3;
            })
            {
                @Override
                public int step(final Dispatcher self, final long nowNs)
                {
                    if (log.size() == 2 && log.get(1).equals("killing"))
                    {
                        self.monitor().kill(id[0], (none, error) -> log.add("killed: " + error));
                        log.set(1, "kill sent");
                    }
                    return super.step(self, nowNs);
                }
            }, 1);
        assertEquals(List.of("spanned", "kill sent", "killed: null"), log);
        for (final CpuDriver kernel : booted.kernels())
        {
            assertFalse(kernel.dispatchers().stream().map(DispatcherControlBlock::name).anyMatch("sleeper"::equals),
                "core " + kernel.core() + " has no dispatcher of the killed domain left");
        }
    }
}
