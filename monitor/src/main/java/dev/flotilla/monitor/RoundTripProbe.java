package dev.flotilla.monitor;

import dev.flotilla.platform.NanoClock;
import dev.flotilla.monitor.intermon.ProbeBinding;
import java.util.Arrays;

/**
 * Measures the round trip from this monitor to one other: pings of a full 7-word line, each sent when
 * the previous pong arrives. First it warms up (the JIT is still compiling the message path, caches and
 * branch predictors are cold): round trips run unrecorded, in windows of {@value #WINDOW}, for at least
 * {@code warmupNs} and until the median has stopped moving — every window median of the last quarter of the
 * warm-up so far lies within {@value #SETTLED_PERCENT}% of the latest one, so a plateau counts only once it
 * has lasted a quarter of the time already spent (a JIT that compiles late, on a busy machine, shows as a
 * step and restarts the wait) — or until ten times {@code warmupNs} have passed, when it gives up and says
 * the figures did not settle. Then it records
 * {@code rounds} round trips. A warm-up of 0 measures at once (the simulator: nothing to warm).
 *
 * <pre>
 *   state      on                                        does                              next
 *   WARMING    start                                     send ping(0, t)                   WARMING
 *   WARMING    pong(k), window not full or not stable    send ping(k+1, t)                 WARMING
 *   WARMING    pong(k), median stable, minimum passed    send ping(k+1, t); settled        MEASURING
 *   WARMING    pong(k), ten times the warm-up passed     send ping(k+1, t); not settled    MEASURING
 *   MEASURING  pong(k), fewer than rounds samples        record now - t_k; send ping(k+1)  MEASURING
 *   MEASURING  pong(k), last sample                      record; sort                      DONE
 * </pre>
 * Time comes from the platform's clock, read at send and at receipt, so the figure is the
 * monitor-to-monitor round trip including both monitors' dispatch.
 */
final class RoundTripProbe
{
    /** Round trips per warm-up window. */
    static final int WINDOW = 128;
    /** How close two windows' medians must be for the median to count as still. */
    static final int SETTLED_PERCENT = 10;
    /** The part of the warm-up so far, from its end, over which the medians must be still. */
    static final int HORIZON_DIVISOR = 4;
    /** The warm-up gives up after this many times its minimum. */
    static final int WARMUP_BOUND_FACTOR = 10;

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
    private final long[] window = new long[WINDOW];
    private int inWindow;
    private final java.util.ArrayList<long[]> windows = new java.util.ArrayList<>(); // {end time, median}
    private boolean settled = true;
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
        else
        {
            warm(now, now - sentNs);
        }
        sendPing();
        return false;
    }

    /** One warm-up round trip: at the end of each window, has the median stopped moving? */
    private void warm(final long now, final long roundTripNs)
    {
        window[inWindow++] = roundTripNs;
        if (inWindow < WINDOW)
        {
            return;
        }
        inWindow = 0;
        Arrays.sort(window);
        final long median = window[WINDOW / 2];
        windows.add(new long[] {now, median});
        final long elapsed = now - startNs;
        if (elapsed >= warmupNs && still(now - elapsed / HORIZON_DIVISOR, median))
        {
            state = State.MEASURING;
        }
        else if (elapsed >= warmupNs * WARMUP_BOUND_FACTOR)
        {
            settled = false;
            state = State.MEASURING;
        }
    }

    /** True if at least two windows ended since {@code since} and every one's median is close to {@code latest}. */
    private boolean still(final long since, final long latest)
    {
        int seen = 0;
        for (int i = windows.size() - 1; i >= 0 && windows.get(i)[0] >= since; i--)
        {
            if (Math.abs(windows.get(i)[1] - latest) * 100 > (long)SETTLED_PERCENT * latest)
            {
                return false;
            }
            seen++;
        }
        return seen >= 2;
    }

    /** False if the warm-up gave up before the median stopped moving: the figures may still include the JIT. */
    boolean settled()
    {
        return settled;
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
