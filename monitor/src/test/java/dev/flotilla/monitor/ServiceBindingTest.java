package dev.flotilla.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.urpc.SharedMemoryInterconnect;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Export, bind, spawn and exit through the monitors, end to end on a stepped platform. */
class ServiceBindingTest
{
    private static final int ECHO = 7;

    /** Exports "echo"; echoes every message on every channel a client binds. */
    private static final class EchoService implements Program
    {
        private final String name;

        EchoService(final String name)
        {
            this.name = name;
        }

        @Override
        public void start(final Dispatcher self)
        {
            self.monitor().export(name, channel -> self.attach(channel, (c, type, payload, length) ->
                c.trySend(ECHO, payload[0] + 1000L * self.core())), (ok, error) ->
            {
                if (error != null)
                {
                    throw new IllegalStateException("export failed: " + error);
                }
            });
        }
    }

    /**
     * The boot task: binds to {@code service} (retrying while it is not yet registered), sends one
     * word and exits with the echo as its status; logs what happened.
     */
    private static final class Client implements Program
    {
        private final String service;
        private final List<String> log;
        private long retryAtNs = Long.MAX_VALUE;

        Client(final String service, final List<String> log)
        {
            this.service = service;
            this.log = log;
        }

        @Override
        public void start(final Dispatcher self)
        {
            bind(self);
        }

        private void bind(final Dispatcher self)
        {
            self.monitor().bind(service, (channel, error) ->
            {
                if (error == ErrorCode.SERVICE_NOT_FOUND)
                {
                    retryAtNs = self.clock().nanoTime() + 10_000;
                    return;
                }
                log.add("bound " + channel.transport() + " from core " + channel.localCore() + " to core "
                    + channel.remoteCore());
                self.attach(channel, (c, type, payload, length) ->
                {
                    log.add("echo " + payload[0]);
                    self.exit(payload[0]);
                });
                channel.trySend(1, 5L);
            });
        }

        @Override
        public int step(final Dispatcher self, final long nowNs)
        {
            if (nowNs >= retryAtNs)
            {
                retryAtNs = Long.MAX_VALUE;
                bind(self);
                return 1;
            }
            return 0;
        }

        @Override
        public long wakeupDeadlineNs()
        {
            return retryAtNs;
        }
    }

    /** The boot task for the error cases: each request must fail with its own code. */
    private static final class Prober implements Program
    {
        private final List<String> log;
        private int answers;

        Prober(final List<String> log)
        {
            this.log = log;
        }

        @Override
        public void start(final Dispatcher self)
        {
            self.monitor().bind("no-such-service", (c, error) -> note(self, "bind: " + error));
            self.monitor().spawn(1, "no-such-program", (ok, error) -> note(self, "spawn: " + error));
            self.monitor().spawn(99, "echo", (ok, error) -> note(self, "spawn core 99: " + error));
            self.monitor().export("echo", c -> { }, (ok, error) -> note(self, "export: " + error));
        }

        private void note(final Dispatcher self, final String line)
        {
            log.add(line);
            if (++answers == 4)
            {
                self.exit(0);
            }
        }
    }

    private static BootOutcome boot(final int cores, final BootImage image, final BootPlan plan)
    {
        try (SteppedPlatform platform = new SteppedPlatform(cores, 100))
        {
            final MonitorConfig config = new MonitorConfig(cores, 8, 5, 0, 0, 1_000_000, 1_000_000);
            final TestBoot booted = TestBoot.run(platform, config, image, plan, 10_000_000_000L);
            assertTrue(booted.halted(), "the system halted after the boot task exited");
            assertTrue(platform.faults().isEmpty(), () -> platform.faults().toString());
            return booted.outcome();
        }
    }

    @Test
    void aTaskOnAnotherCoreBindsToAServiceOnCoreZeroOverUmp()
    {
        final List<String> log = new ArrayList<>();
        final BootImage image = BootImage.empty().with("echo", () -> new EchoService("echo"))
            .with("client", () -> new Client("echo", log));
        final BootOutcome outcome = boot(4, image, new BootPlan(List.of("echo"), Optional.of("client"), 2));
        assertTrue(outcome.succeeded(), () -> outcome.error().orElse(""));
        assertEquals(List.of("bound UMP from core 2 to core 0", "echo 5"), log);
        assertEquals(5, outcome.taskStatus());
    }

    @Test
    void withoutAnSkbEveryBindUsesTheBuiltInRuleAndSaysSo()
    {
        final List<String> log = new ArrayList<>();
        final BootImage image = BootImage.empty().with("echo", () -> new EchoService("echo"))
            .with("client", () -> new Client("echo", log));
        try (SteppedPlatform platform = new SteppedPlatform(3, 100))
        {
            final MonitorConfig config = new MonitorConfig(3, 8, 5, 0, 0, 1_000_000, 1_000_000);
            final TestBoot booted = TestBoot.run(platform, config, image,
                new BootPlan(List.of("echo"), Optional.of("client"), 2), 10_000_000_000L);
            assertTrue(booted.halted());
            final ServiceBinder binder = booted.monitors().get(2).binder();
            assertEquals(List.of("bound UMP from core 2 to core 0", "echo 5"), log);
            assertEquals(0, binder.skbChoices(), "no SKB in this system: nothing to ask");
            assertTrue(binder.builtInChoices() >= 1);
            assertEquals(ServiceBinder.Choice.BUILT_IN, binder.lastChoice());
            assertEquals(dev.flotilla.urpc.Transport.UMP, binder.lastTransport());
            assertEquals(0, binder.skbQueryNs());
        }
    }

    @Test
    void aTaskOnTheServicesCoreGetsAnLmpChannel()
    {
        final List<String> log = new ArrayList<>();
        final BootImage image = BootImage.empty().with("echo", () -> new EchoService("echo"))
            .with("client", () -> new Client("echo", log));
        final BootOutcome outcome = boot(2, image, new BootPlan(List.of("echo"), Optional.of("client"), 0));
        assertEquals(List.of("bound LMP from core 0 to core 0", "echo 5"), log);
        assertEquals(5, outcome.taskStatus());
    }

    @Test
    void aServiceSpawnedOnAThirdCoreIsFoundOnceRegistered()
    {
        final List<String> log = new ArrayList<>();
        final BootImage image = BootImage.empty().with("echo", () -> new EchoService("echo3"))
            .with("client", () -> new Program()
            {
                private final Client client = new Client("echo3", log);

                @Override
                public void start(final Dispatcher self)
                {
                    self.monitor().spawn(3, "echo", (ok, error) -> log.add("spawned: " + (error == null)));
                    client.start(self);
                }

                @Override
                public int step(final Dispatcher self, final long nowNs)
                {
                    return client.step(self, nowNs);
                }

                @Override
                public long wakeupDeadlineNs()
                {
                    return client.wakeupDeadlineNs();
                }
            });
        final BootOutcome outcome = boot(4, image, new BootPlan(List.of(), Optional.of("client"), 1));
        assertTrue(log.contains("spawned: true"), log::toString);
        assertTrue(log.contains("bound UMP from core 1 to core 3"), log::toString);
        assertEquals(3005, outcome.taskStatus(), "the echo came from core 3");
    }

    @Test
    void aServiceWhoseExporterExitedCanBeExportedAgain()
    {
        final List<String> log = new ArrayList<>();
        final BootImage image = BootImage.empty()
            .with("once", () -> new Program()
            {
                @Override
                public void start(final Dispatcher self)
                {
                    self.monitor().export("svc", c -> { }, (ok, error) -> self.exit(0)); // registered, then gone
                }

                @Override
                public int step(final Dispatcher self, final long nowNs)
                {
                    return 0;
                }
            })
            .with("restarter", () -> new Program()
            {
                private int attempts;
                private boolean retry;

                @Override
                public void start(final Dispatcher self)
                {
                    self.monitor().spawn(2, "once", (ok, error) -> export(self));
                }

                /** Until core 0 hears that the first exporter exited, the name is still taken. */
                private void export(final Dispatcher self)
                {
                    attempts++;
                    self.monitor().export("svc", c -> { }, (ok, error) ->
                    {
                        if (error == null)
                        {
                            log.add("exported again");
                            self.exit(attempts);
                        }
                        else if (error == ErrorCode.SERVICE_EXISTS && attempts < 1000)
                        {
                            retry = true;
                        }
                        else
                        {
                            log.add("gave up: " + error);
                            self.exit(-1);
                        }
                    });
                }

                @Override
                public int step(final Dispatcher self, final long nowNs)
                {
                    if (!retry)
                    {
                        return 0;
                    }
                    retry = false;
                    export(self);
                    return 1;
                }
            });
        final BootOutcome outcome = boot(3, image, new BootPlan(List.of(), Optional.of("restarter"), 1));
        assertTrue(outcome.succeeded(), () -> outcome.error().orElse(""));
        assertEquals(List.of("exported again"), log);
        assertTrue(outcome.taskStatus() > 1, "the first attempt ran while the first exporter held the name");
    }

    @Test
    void failedRequestsAnswerWithTheirOwnErrorCodes()
    {
        final List<String> log = new ArrayList<>();
        final BootImage image = BootImage.empty().with("echo", () -> new EchoService("echo"))
            .with("prober", () -> new Prober(log));
        final BootOutcome outcome = boot(3, image, new BootPlan(List.of("echo"), Optional.of("prober"), 1));
        assertTrue(outcome.succeeded());
        assertEquals(List.of("bind: SERVICE_NOT_FOUND", "spawn: PROGRAM_NOT_FOUND", "spawn core 99: INVALID_CORE",
            "export: SERVICE_EXISTS").stream().sorted().toList(), log.stream().sorted().toList());
    }

    @Test
    void aBootServiceMissingFromTheImageFailsLoudly()
    {
        try (SteppedPlatform platform = new SteppedPlatform(1, 100))
        {
            final MonitorConfig config = new MonitorConfig(1, 8, 5, 0, 0, 1_000_000, 1_000_000);
            final CpuDriver kernel0 = new CpuDriver(0);
            kernel0.spawn("monitor", Monitor.bootstrap(config, BootImage.empty(), new BootPlan(List.of("skb"),
                Optional.empty(), 0), new SharedMemoryInterconnect(platform), platform.clock(0), kernel0, (c, f) -> { }));
            platform.startCore(0, kernel0);
            platform.awaitHalt(1_000_000);
            assertEquals(1, platform.faults().size());
            assertTrue(platform.faults().getFirst().cause().getMessage().contains("boot service 'skb' failed to start"));
        }
    }
}
