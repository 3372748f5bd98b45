package dev.flotilla.lib;

/**
 * What one core is doing, as its monitor sees it: the reply of {@link MonitorInterface#status}. Counts never
 * decrease while the system runs, so two readings a second apart give rates.
 *
 * @param core              the core.
 * @param dispatchers       dispatchers its CPU driver runs now, the monitor included.
 * @param dispatches        dispatches its CPU driver has run (0 when it does not time them).
 * @param skippedBlocked    dispatchers passed over because they said they were blocked.
 * @param overruns          dispatches that kept the core past the time slice.
 * @param longestDispatchNs the longest single dispatch, in the core's clock.
 * @param busyNs            time in dispatches that did work, in the core's clock (see {@code CpuDriver.busyNs}).
 * @param messagesIn        messages the monitor received, over its channels to other monitors and to its dispatchers.
 * @param messagesOut       messages the monitor sent on those channels.
 * @param bytesIn           payload bytes received on them.
 * @param bytesOut          payload bytes sent on them.
 * @param wakeups           doorbells the monitor rang on them (a parked receiver was woken).
 * @param stalls            sends that found a ring full.
 */
public record CoreStatus(int core, int dispatchers, long dispatches, long skippedBlocked, long overruns,
    long longestDispatchNs, long busyNs, long messagesIn, long messagesOut, long bytesIn, long bytesOut, long wakeups, long stalls)
{
}
