package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.urpc.Transport;
import java.util.Optional;

/**
 * What the bootstrap monitor learned while booting, measuring and halting the system; read by the
 * host after every core halted.
 *
 * @param error         why boot failed, or empty if it succeeded.
 * @param coresReady    how many cores booted and joined the mesh (core 0 included).
 * @param channels      monitor-to-monitor channels set up (a full mesh has n(n-1)/2).
 * @param transport     the transport the interconnect bound them to (null with one core).
 * @param bootNs        platform time from core 0's first step to a complete mesh.
 * @param measureNs     platform time the round-trip measurement took.
 * @param roundTrips    the measured matrix (zeros where not measured).
 * @param taskStatus    the exit status of the boot task (0 if there was none).
 * @param haltTree      the multicast tree the halt was broadcast along (the SKB's NUMA-aware tree, or
 *                      a flat one without an SKB); empty if the boot failed before it was known.
 */
public record BootOutcome(Optional<String> error, int coresReady, int channels, Transport transport, long bootNs,
    long measureNs, RoundTrips roundTrips, long taskStatus, Optional<MulticastTree> haltTree, Optional<ErrorCode> errorCode)
{
    /** True if every core booted, joined the mesh, was measured and halted in order. */
    public boolean succeeded()
    {
        return error.isEmpty();
    }
}
