package dev.flotilla.urpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.platform.Agent;
import dev.flotilla.platform.IdlePolicy;
import dev.flotilla.platform.linux.LinuxPlatform;
import dev.flotilla.platform.linux.SysfsDiscovery;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Poll, then block, on real cores: a receiving core parks when idle and the next message wakes it.
 * The safety-net park timeout is set to a minute, so a single lost wake-up would stall the run far
 * beyond its time limit instead of being hidden by a periodic re-poll.
 */
class UmpWakeupTest
{
    private static final IdlePolicy PARK_SOON = new IdlePolicy(2_000, 60_000_000_000L);

    /** Core 0: sends PING k, waits for PONG k, then pauses a random while (often past the spin time). */
    private static final class Pinger implements Agent
    {
        final Channel channel;
        final int rounds;
        final SplittableRandom random = new SplittableRandom(42);
        long round;
        boolean awaiting;
        long nextSendNs;
        String error;

        Pinger(final Channel channel, final int rounds)
        {
            this.channel = channel;
            this.rounds = rounds;
        }

        @Override
        public int doWork(final long nowNs)
        {
            int work = channel.poll((c, type, payload, length) ->
            {
                if (payload[0] != round)
                {
                    error = "PONG " + payload[0] + " while waiting for " + round;
                }
                awaiting = false;
                round++;
                nextSendNs = nowNs + random.nextLong(40_000);
            }, 4);
            if (!awaiting && round < rounds && nowNs >= nextSendNs)
            {
                awaiting = channel.trySend(1, round);
                work++;
            }
            return work;
        }

        @Override
        public long wakeupDeadlineNs()
        {
            return awaiting ? Long.MAX_VALUE : nextSendNs;
        }

        @Override
        public boolean isHalted()
        {
            return round == rounds || error != null;
        }

        @Override
        public String roleName()
        {
            return "pinger";
        }
    }

    /** Core 1: echoes every PING; halts after the last one. */
    private static final class Echo implements Agent
    {
        final Channel channel;
        final int rounds;
        long echoed;

        Echo(final Channel channel, final int rounds)
        {
            this.channel = channel;
            this.rounds = rounds;
        }

        @Override
        public int doWork(final long nowNs)
        {
            return channel.poll((c, type, payload, length) ->
            {
                if (!c.trySend(2, payload[0]))
                {
                    throw new IllegalStateException("a one-message-in-flight echo can never find the ring full");
                }
                echoed++;
            }, 4);
        }

        @Override
        public boolean isHalted()
        {
            return echoed == rounds;
        }

        @Override
        public String roleName()
        {
            return "echo";
        }
    }

    @Test
    void aParkedCoreIsWokenByEveryMessageAndNoWakeupIsLost() throws Exception
    {
        final int rounds = 5_000;
        try (LinuxPlatform platform = new LinuxPlatform(SysfsDiscovery.discoverHost(), 2, PARK_SOON))
        {
            final ChannelSetup setup = new SharedMemoryInterconnect(platform).create(0, 1, 4);
            final Channel far = new SharedMemoryInterconnect(platform).attach(1, setup.descriptor());
            final Pinger pinger = new Pinger(setup.local(), rounds);
            final Echo echo = new Echo(far, rounds);
            platform.startCore(1, echo);
            platform.startCore(0, pinger);
            assertTrue(platform.awaitHalt(50_000_000_000L), "every round trip completed; no core slept through a message");
            assertTrue(platform.faults().isEmpty(), () -> platform.faults().toString());
            assertEquals(null, pinger.error);
            assertEquals(rounds, echo.echoed);
            assertTrue(platform.parks(1) > 0, "the echo core parked between pings");
            assertTrue(far.counters().wakeups() + setup.local().counters().wakeups() > 0, "senders woke parked cores");
        }
    }
}
