package dev.flotilla.platform;

/**
 * What a core's kernel tells its platform about the work it does, so that a simulated machine can charge
 * it in virtual time. On real cores the work takes real time and the meter does nothing.
 *
 * <p>Called only by the core's own thread, during its step.
 */
@FunctionalInterface
public interface WorkMeter
{
    /** Kinds of OS work the simulator charges beside the messages themselves. */
    enum Work
    {
        /** The CPU driver switches from one dispatcher to another (the heart of Table 1's LRPC). */
        CONTEXT_SWITCH,
        /** A system call: a capability invocation trapping into the CPU driver and back. */
        SYSCALL
    }

    /** Records that {@code work} was done once. */
    void charge(Work work);

    /** The meter of real cores: nothing to charge. */
    WorkMeter NONE = work ->
    {
    };
}
