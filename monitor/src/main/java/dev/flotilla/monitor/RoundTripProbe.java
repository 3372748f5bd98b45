package dev.flotilla.monitor;

import dev.flotilla.platform.NanoClock;
import dev.flotilla.monitor.intermon.ProbeBinding;
import java.util.Arrays;

/**
 * Measures the round trip from this monitor to one other: pings of a full 7-word line, each sent when
 * the previous pong arrives. For the first {@code warmupNs} the round trips are not counted (the JIT
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
    private final ProbeBinding peer;
    private final NanoClock clock;
    private final long[] samples;
    private long startNs;
    private long sent;
    private int recorded;
    private State state = State.WARMING;

    RoundTripProbe(final int target, final int rounds, final long warmupNs, final ProbeBinding peer, final NanoClock clock)
    {
        this.target = target;
        this.warmupNs = warmupNs;
        this.peer = peer;
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

    /** A full line: the sequence number, the send time, and five words that vary with the sequence. */
    private void sendPing()
    {
        final long seq = sent++;
        peer.ping(seq, clock.nanoTime(), seq * 31L + 2, seq * 31L + 3, seq * 31L + 4, seq * 31L + 5, seq * 31L + 6);
    }

    /** Handles the pong of ping {@code seq}, sent at {@code sentNs}; returns true when the probe has just finished. */
    boolean onPong(final long seq, final long sentNs)
    {
        final long now = clock.nanoTime();
        if (state == State.DONE || seq != sent - 1)
        {
            throw new IllegalStateException("unexpected pong from core " + target + ": sequence " + seq
                + ", expected " + (sent - 1) + " in state " + state);
        }
        if (state == State.MEASURING)
        {
            samples[recorded++] = now - sentNs;
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
