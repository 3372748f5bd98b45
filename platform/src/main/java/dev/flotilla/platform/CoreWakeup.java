package dev.flotilla.platform;

/**
 * The doorbell of one core: what a sender rings after publishing a message to that core, so that a
 * core parked in "poll, then block" wakes up. It is the platform's stand-in for an IPI.
 *
 * <p>Contract: if the target core checked its channels and found nothing before {@link #wake()}
 * was called, and the message was published before {@link #wake()}, the core runs again after it.
 * Implementations make that hold without a lost wake-up (see {@code Doorbell} for the native one).
 */
@FunctionalInterface
public interface CoreWakeup
{
    /** A wake-up that does nothing, for cores that never park (busy-spinning) and for tests. */
    CoreWakeup NONE = () -> false;

    /**
     * Wakes the core if it is parked or about to park.
     *
     * @return true if the core was parked (or committed to park) and this call woke it.
     */
    boolean wake();
}
