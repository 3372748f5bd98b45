package dev.flotilla.platform;

import dev.flotilla.platform.topology.Machine;
import java.util.List;

/**
 * The hardware as the OS sees it: cores to run agents on, the machine's topology, a clock,
 * wake-ups for parked cores and shared memory for channels.
 *
 * <p>Two implementations exist: the native platform (one pinned thread per core, the host's clock)
 * and the simulator (every core stepped by one host thread in virtual time). OS code depends on
 * this interface only; that is the paper's "make OS structure hardware-neutral".
 *
 * <p>Threading: {@link #startCore}, {@link #awaitHalt} and {@link #close} are called by the host
 * (the launcher or the booting core); the per-core accessors may be called from any core.
 */
public interface Platform extends AutoCloseable
{
    /** {@code native} or {@code sim:<machine>}. */
    String name();

    /** True on the simulator: every time and latency the OS sees is virtual. */
    boolean isSimulated();

    /** What is known about the hardware. */
    Machine machine();

    /** How many cores (kernels) this boot runs; may exceed the number of CPUs. */
    int coreCount();

    /**
     * The host (or simulated) CPU that {@code core} is assigned to; known before the core starts. By
     * default cores take the machine's CPUs in order, wrapping round when there are more cores.
     */
    default int cpuOf(final int core)
    {
        return machine().cpus().get(core % machine().cpus().size()).id();
    }

    /** The clock an agent on {@code core} reads. */
    NanoClock clock(int core);

    /**
     * Where {@code core}'s kernel reports the OS work it does (context switches, system calls): the simulator
     * charges it in virtual time; real cores pay in real time, so by default nothing is charged.
     */
    default WorkMeter workMeter(final int core)
    {
        return WorkMeter.NONE;
    }

    /**
     * How many times {@code core} has parked — found nothing to do and waited for a message or its timer — so far;
     * may be read from any thread while the core runs (a monitoring count, slightly stale).
     */
    long parks(int core);

    /** Memory for channels, shared between cores. */
    SharedMemory sharedMemory();

    /** The doorbell of {@code core}, rung by senders after they publish a message to it. */
    CoreWakeup wakeup(int core);

    /**
     * Starts stepping {@code agent} on {@code core}, as a CPU starting its kernel.
     *
     * @throws IllegalArgumentException if the core does not exist.
     * @throws IllegalStateException if the core was already started or the platform is closed.
     */
    void startCore(int core, Agent agent);

    /** Where the core runs and whether it is pinned; available once the core has started. */
    PinStatus pinStatus(int core);

    /**
     * Host side: waits until every started core has halted, for at most {@code timeoutNs} of platform
     * time. The simulator runs its event loop here.
     *
     * @return true if every started core halted in time.
     */
    boolean awaitHalt(long timeoutNs) throws InterruptedException;

    /**
     * Host side: the cores that were started and have not halted, in ascending order. After
     * {@link #awaitHalt} returned false, these are the cores the system waited for in vain.
     */
    List<Integer> runningCores();

    /** Agents that threw, in the order they failed. */
    List<CoreFault> faults();

    /** Stops every core that still runs and releases the shared memory. */
    @Override
    void close();
}
