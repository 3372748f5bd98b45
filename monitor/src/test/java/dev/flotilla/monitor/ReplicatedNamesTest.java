package dev.flotilla.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The name registry replicated on every core of a booted system: a service exported on core 2 is in every core's
 * replica, and a client on core 3 that binds to it after the export completed finds it in its own replica, with
 * no message to core 0.
 */
class ReplicatedNamesTest
{
    @Test
    void aServiceExportedOnOneCoreIsInEveryReplicaAndABindReadsItLocally()
    {
        final List<String> log = new ArrayList<>();
        final Program echo = new Program()
        {
            @Override
            public void start(final Dispatcher self)
            {
                self.monitor().export("echo", channel -> { }, (ok, error) -> log.add("exported " + error));
            }
        };
        final Program client = new Program()
        {
            @Override
            public void start(final Dispatcher self)
            {
                self.monitor().bind("echo", (channel, error) -> log.add("bound " + (error == null ? channel.remoteCore() : error)));
            }
        };
        final Program task = new Program()
        {
            private boolean clientStarted;

            @Override
            public void start(final Dispatcher self)
            {
                self.monitor().spawn(2, "echo", (ok, error) -> { });
            }

            @Override
            public int step(final Dispatcher self, final long nowNs)
            {
                if (!clientStarted && log.contains("exported null"))
                {
                    clientStarted = true;
                    self.monitor().spawn(3, "client", (ok, error) -> { });
                    return 1;
                }
                if (log.size() == 2)
                {
                    self.exit(0);
                    return 1;
                }
                return 0;
            }

            @Override
            public long wakeupDeadlineNs()
            {
                return 0; // look every step
            }
        };
        final List<Monitor> monitors = new ArrayList<>();
        try (SteppedPlatform platform = new SteppedPlatform(4, 100))
        {
            final MonitorConfig config = new MonitorConfig(4, 16, 5, 0, 0, 1_000_000, 1_000_000);
            final TestBoot booted = TestBoot.run(platform, new dev.flotilla.urpc.SharedMemoryInterconnect(platform), config,
                BootImage.empty().with("echo", () -> echo).with("client", () -> client).with("task", () -> task),
                new BootPlan(List.of(), Optional.of("task"), 0), monitors::add, 20_000_000_000L);
            assertTrue(platform.faults().isEmpty(), () -> platform.faults().toString());
            assertTrue(booted.halted(), "halted");
            assertTrue(booted.outcome().succeeded(), () -> booted.outcome().error().orElse(""));
        }
        assertEquals(List.of("exported null", "bound 2"), log);
        for (final Monitor monitor : monitors)
        {
            assertEquals(Map.of("echo", 2), monitor.names().replica().entries(), "core " + monitor.core());
        }
        final Monitor core3 = monitors.stream().filter(m -> m.core() == 3).findFirst().orElseThrow();
        assertEquals(0, core3.names().confirmsAsked(), "the bind on core 3 read its own replica");
    }
}
