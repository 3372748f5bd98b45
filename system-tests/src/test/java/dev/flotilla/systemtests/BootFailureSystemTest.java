package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.Agent;
import dev.flotilla.platform.CoreFault;
import dev.flotilla.platform.CoreWakeup;
import dev.flotilla.platform.IdlePolicy;
import dev.flotilla.platform.NanoClock;
import dev.flotilla.platform.PinStatus;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.SharedMemory;
import dev.flotilla.platform.linux.LinuxPlatform;
import dev.flotilla.platform.linux.SysfsDiscovery;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.runtime.Boot;
import dev.flotilla.runtime.BootResult;
import dev.flotilla.runtime.KernelCounts;
import dev.flotilla.urpc.SharedMemoryInterconnect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A core that never comes up fails the boot within the timeout, by name, and nothing hangs. */
class BootFailureSystemTest
{
    /** The native platform, except that one CPU never starts (a dead core). */
    private record DeadCorePlatform(Platform delegate, int dead) implements Platform
    {
        @Override
        public long parks(final int core)
        {
            return delegate.parks(core);
        }

        @Override
        public void startCore(final int core, final Agent agent)
        {
            if (core != dead)
            {
                delegate.startCore(core, agent);
            }
        }

        @Override
        public PinStatus pinStatus(final int core)
        {
            if (core == dead)
            {
                throw new IllegalStateException("core " + core + " has not been started");
            }
            return delegate.pinStatus(core);
        }

        @Override
        public String name()
        {
            return delegate.name();
        }

        @Override
        public boolean isSimulated()
        {
            return false;
        }

        @Override
        public Machine machine()
        {
            return delegate.machine();
        }

        @Override
        public int coreCount()
        {
            return delegate.coreCount();
        }

        @Override
        public NanoClock clock(final int core)
        {
            return delegate.clock(core);
        }

        @Override
        public SharedMemory sharedMemory()
        {
            return delegate.sharedMemory();
        }

        @Override
        public CoreWakeup wakeup(final int core)
        {
            return delegate.wakeup(core);
        }

        @Override
        public boolean awaitHalt(final long timeoutNs) throws InterruptedException
        {
            return delegate.awaitHalt(timeoutNs);
        }

        @Override
        public List<Integer> runningCores()
        {
            return delegate.runningCores();
        }

        @Override
        public List<CoreFault> faults()
        {
            return delegate.faults();
        }

        @Override
        public void close()
        {
            delegate.close();
        }
    }

    @Test
    void aDeadCoreFailsTheBootWithinTheTimeoutAndTheOthersHalt() throws Exception
    {
        final Machine machine = SysfsDiscovery.discoverHost();
        try (Platform platform = new DeadCorePlatform(new LinuxPlatform(machine, 3, IdlePolicy.POLL_THEN_BLOCK), 2))
        {
            final MonitorConfig config = MonitorConfig.defaults(3).withBootTimeoutNs(300_000_000L).withPingRounds(10);
            final long start = System.nanoTime();
            final BootResult result = Boot.run(platform, new SharedMemoryInterconnect(platform), config);
            final long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertFalse(result.succeeded());
            assertEquals("boot failed: core 2 did not report ready within 300 ms", result.error().orElseThrow());
            assertTrue(tookMs < 5_000, "gave up in bounded time, took " + tookMs + " ms");
            assertEquals(2, result.pins().size(), "cores 0 and 1 ran");
            assertEquals(List.of(0, 1), result.kernels().stream().map(KernelCounts::core).toList(),
                "the counts of the cores that ran, none of the dead one");
        }
    }
}
