package dev.flotilla.sim.machine;

/**
 * What a core spends on its own side of messaging, in cycles, independent of distance. The simulated
 * monitor-to-monitor round trip is {@code 2 x (send + transfer + step + receive)} plus a poll of each
 * empty channel the receiving monitor looks at first; the shipped machines set these so that the
 * round trip between the closest pair of cores matches the paper's Table 2.
 *
 * @param send    writing one cache-line slot and publishing its header.
 * @param receive taking one slot out of the ring and acknowledging it.
 * @param step    one turn of a core's dispatch loop (the CPU driver choosing its next dispatcher).
 * @param l1Hit   a load that hits the core's own L1: polling an empty channel, touching a shared line
 *                the core already holds (HotOS'09 Table 1: 2 cycles).
 * @param contextSwitch the CPU driver switching from one dispatcher to another; the shipped machines set it so
 *                that a same-core RPC through the generated stubs matches the paper's Table 1 LRPC figure.
 * @param syscall a capability invocation trapping into the CPU driver and back.
 */
public record EndpointCosts(long send, long receive, long step, long l1Hit, long contextSwitch, long syscall)
{
    /**
     * Defaults, calibrated on the 8x4-core AMD: with a 130-cycle transfer between cores that share an
     * L3, {@code 2 x (50 + 130 + 39 + 50) = 538} cycles, Table 2's figure for that pair; a context switch of 503
     * cycles, so that a same-core RPC (three switches and about 41 cycles of steps) is Table 1's 1,549-cycle LRPC;
     * a system call of 100 cycles (a trap and return on a core of that era; an estimate, not the paper's).
     */
    public static final EndpointCosts DEFAULTS = new EndpointCosts(50, 50, 39, 2, 503, 100);

    public EndpointCosts
    {
        if (send < 0 || receive < 0 || step < 0 || l1Hit < 0 || contextSwitch < 0 || syscall < 0)
        {
            throw new IllegalArgumentException("costs must not be negative");
        }
    }
}
