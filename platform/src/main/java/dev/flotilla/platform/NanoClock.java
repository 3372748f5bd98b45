package dev.flotilla.platform;

/** A monotonic nanosecond clock: the host's on the native platform, each core's virtual clock on the simulator. */
@FunctionalInterface
public interface NanoClock
{
    /** Nanoseconds since an arbitrary origin; never decreases as observed from one core. */
    long nanoTime();
}
