package dev.flotilla.monitor.intermon;

import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;

/**
 * Round-trip measurement: core 0 runs one pair at a time, so probes never overlap.
 *
 * <pre>
 *   measure(j, rounds, warmupNs)                  0 -&gt; i
 *   ping(seq, sentNs, w2..w6) / pong(the same)    i -&gt; j -&gt; i, rounds times; a full 7-word line each
 *   measured(j, medianNs, p99Ns, minNs, settled)  i -&gt; 0   settled: the warm-up saw the median stop moving
 * </pre>
 */
@MessageInterface(id = 3, description = "round-trip measurement between two monitors")
public interface Probe
{
    @Message
    void measure(int target, int rounds, long warmupNs);

    @Message
    void ping(long seq, long sentNs, long w2, long w3, long w4, long w5, long w6);

    @Message
    void pong(long seq, long sentNs, long w2, long w3, long w4, long w5, long w6);

    @Message
    void measured(int target, long medianNs, long p99Ns, long minNs, boolean settled);
}
