package dev.flotilla.monitor;

import dev.flotilla.platform.NanoClock;
import dev.flotilla.urpc.Outbox;
import java.util.Arrays;

/**
 * Measures the round trip from this monitor to one other: PINGs of a full 7-word line, each sent when
 * the previous PONG arrives. For the first {@code warmupNs} the round trips are not counted (the JIT
 * is still compiling the message path, caches and branch predictors are cold); then {@code rounds}
 * round trips are recorded.
 *
 * <pre>
 *   state      on                                   does                              next
 *   WARMING    start                                send PING(0, t)                   WARMING
 *   WARMING    PONG(k), warm-up time left           send PING(k+1, t)                 WARMING
 *   WARMING    PONG(k), warm-up over                send PING(k+1, t)                 MEASURING
 *   MEASURING  PONG(k), fewer than rounds samples   record now - t_k; send PING(k+1)  MEASURING
 *   MEASURING  PONG(k), last sample                 record; sort                      DONE
 * </pre>
 * Time comes from the platform's clock, read at send and at receipt, so the figure is the
 * monitor-to-monitor round trip including both monitors' dispatch.
 */
final class RoundTripProbe
{
    enum State
    {
        /** Round trips run but are not recorded. */
        WARMING,
        /** Recording one sample per round trip. */
        MEASURING,
        /** Every sample is in; the statistics are ready. */
        DONE
    }

    private final int target;
    private final long warmupNs;
    private final Outbox outbox;
    private final NanoClock clock;
    private final long[] samples;
    private final long[] ping = new long[7];
    private long startNs;
    private long sent;
    private int recorded;
    private State state = State.WARMING;

    RoundTripProbe(final int target, final int rounds, final long warmupNs, final Outbox outbox, final NanoClock clock)
    {
        this.target = target;
        this.warmupNs = warmupNs;
        this.outbox = outbox;
        this.clock = clock;
        this.samples = new long[rounds];
    }

    void start()
    {
        startNs = clock.nanoTime();
        if (warmupNs == 0)
        {
            state = State.MEASURING;
        }
        sendPing();
    }

    private void sendPing()
    {
        ping[0] = sent;
        for (int i = 2; i < ping.length; i++)
        {
            ping[i] = sent * 31L + i;
        }
        ping[1] = clock.nanoTime();
        outbox.send(Intermon.PING, ping, 0, ping.length);
        sent++;
    }

    /** Handles a PONG; returns true when the probe has just finished. */
    boolean onPong(final long[] payload, final int length)
    {
        final long now = clock.nanoTime();
        if (state == State.DONE || length != ping.length || payload[0] != sent - 1)
        {
            throw new IllegalStateException("unexpected PONG from core " + target + ": sequence " + payload[0]
                + ", expected " + (sent - 1) + " in state " + state);
        }
        if (state == State.MEASURING)
        {
            samples[recorded++] = now - payload[1];
            if (recorded == samples.length)
            {
                Arrays.sort(samples);
                state = State.DONE;
                return true;
            }
        }
        else if (now - startNs >= warmupNs)
        {
            state = State.MEASURING;
        }
        sendPing();
        return false;
    }
    int target()
    {
        return target;
    }

    long medianNs()
    {
        return samples[samples.length / 2];
    }

    long p99Ns()
    {
        return samples[Math.min(samples.length - 1, (int)Math.ceil(samples.length * 0.99) - 1)];
    }

    long minNs()
    {
        return samples[0];
    }
}
