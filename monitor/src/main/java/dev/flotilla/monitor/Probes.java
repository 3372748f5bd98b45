package dev.flotilla.monitor;

import dev.flotilla.idl.Port;
import dev.flotilla.monitor.intermon.ProbeBinding;
import dev.flotilla.monitor.intermon.ProbeHandler;

/**
 * The round-trip measurement protocol ({@link dev.flotilla.monitor.intermon.Probe}): core 0 asks one
 * monitor at a time to measure its round trip to another; the measuring monitor runs a
 * {@link RoundTripProbe}, the other echoes every ping, and the result goes to core 0's
 * {@link BootCoordinator}.
 *
 * <pre>
 *   core i:  measure(j, rounds, warmup) from 0   start a RoundTripProbe to j
 *   core j:  ping(...) from i                    pong(the same words) to i
 *   core i:  pong(...) from j                    the probe's next round; when done, measured(...) to 0
 * </pre>
 * At most one probe runs on a monitor at a time.
 */
final class Probes implements Protocol, ProbeHandler
{
    private final Monitor monitor;
    private final ProbeBinding[] peers;
    private RoundTripProbe probe;

    Probes(final Monitor monitor)
    {
        this.monitor = monitor;
        this.peers = new ProbeBinding[monitor.config().cores()];
    }

    @Override
    public void attach(final int peer, final Port port)
    {
        peers[peer] = new ProbeBinding(port, this);
    }

    /** Core 0: has {@code from} measure its round trip to {@code target}; core 0 measures itself. */
    void measure(final int from, final int target, final int rounds, final long warmupNs)
    {
        if (from == monitor.core())
        {
            start(target, rounds, warmupNs);
        }
        else
        {
            peers[from].measure(target, rounds, warmupNs);
        }
    }

    @Override
    public void onMeasure(final ProbeBinding from, final int target, final int rounds, final long warmupNs)
    {
        start(target, rounds, warmupNs);
    }

    private void start(final int target, final int rounds, final long warmupNs)
    {
        if (probe != null)
        {
            throw new IllegalStateException("monitor " + monitor.core() + " is already probing core " + probe.target());
        }
        probe = new RoundTripProbe(target, rounds, warmupNs, peers[target], monitor.clock());
        probe.start();
    }

    @Override
    public void onPing(final ProbeBinding from, final long seq, final long sentNs, final long w2, final long w3,
        final long w4, final long w5, final long w6)
    {
        from.pong(seq, sentNs, w2, w3, w4, w5, w6);
    }

    @Override
    public void onPong(final ProbeBinding from, final long seq, final long sentNs, final long w2, final long w3,
        final long w4, final long w5, final long w6)
    {
        if (probe == null || Monitor.peerOf(from) != probe.target())
        {
            from.unexpected("pong from core " + Monitor.peerOf(from) + " while " + (probe == null ? "not probing"
                : "probing core " + probe.target()));
            return;
        }
        if (probe.onPong(seq, sentNs))
        {
            final RoundTripProbe done = probe;
            probe = null;
            if (monitor.isBootstrap())
            {
                monitor.coordinator().onMeasured(monitor.core(), done.target(), done.medianNs(), done.p99Ns(),
                    done.minNs(), done.settled(), monitor.now());
            }
            else
            {
                peers[0].measured(done.target(), done.medianNs(), done.p99Ns(), done.minNs(), done.settled());
            }
        }
    }

    @Override
    public void onMeasured(final ProbeBinding from, final int target, final long medianNs, final long p99Ns,
        final long minNs, final boolean settled)
    {
        monitor.coordinator().onMeasured(Monitor.peerOf(from), target, medianNs, p99Ns, minNs, settled, monitor.now());
    }
}
