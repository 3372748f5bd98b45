package dev.flotilla.platform.linux;

import dev.flotilla.platform.CoreWakeup;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The wake-up line of one native core: poll, then block, with no lost wake-up.
 *
 * <p>Protocol (a Dekker-style handshake; the two full fences make it sequentially consistent):
 * <pre>
 *   parking core                              sender
 *   ------------                              ------
 *   armed := 1            (volatile)          publish message (release store of its header)
 *   fullFence                                 fullFence
 *   poll every channel once more              if armed == 1 and CAS(armed, 1, 0): unpark(core)
 *   if nothing: park (permit may be set)
 *   armed := 0            (volatile)
 * </pre>
 * Either the parking core's last poll sees the message, or the sender sees {@code armed == 1} and
 * unparks the core; {@code unpark} before {@code park} leaves a permit, so park returns at once.
 * The CAS makes only one of several concurrent senders pay for the unpark system call.
 *
 * <p>Field contract: {@code armed} is written by the owning core (arm/disarm, volatile) and by
 * senders (CAS 1→0); read by senders with acquire after a full fence. {@code owner} is written once
 * by the owning core before its first park and read by senders after they saw {@code armed == 1},
 * which the volatile store of {@code armed} publishes.
 */
final class Doorbell extends DoorbellFields implements CoreWakeup
{
    private static final VarHandle ARMED;

    static
    {
        try
        {
            ARMED = MethodHandles.lookup().findVarHandle(DoorbellFields.class, "armed", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    // Padding after the hot fields: HotSpot lays out superclass fields first, so these follow them.
    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16, p17;

    /** Owning core: records the thread that parks; called once before the core's first step. */
    void bind(final Thread thread)
    {
        owner = thread;
    }

    /** Owning core: announces that it is about to park. The caller must poll once more afterwards. */
    void arm()
    {
        ARMED.setVolatile(this, 1);
        VarHandle.fullFence();
    }

    /** Owning core: it is running again; later senders need not unpark it. */
    void disarm()
    {
        ARMED.setVolatile(this, 0);
    }

    @Override
    public boolean wake()
    {
        VarHandle.fullFence(); // order the caller's message publication before reading armed
        if ((int)ARMED.getAcquire(this) == 1 && ARMED.compareAndSet(this, 1, 0))
        {
            LockSupport.unpark(owner);
            return true;
        }
        return false;
    }
}

/** The two fields senders read, between padding on both sides. */
abstract class DoorbellFields extends DoorbellPadding
{
    volatile Thread owner;
    @SuppressWarnings("unused") // accessed through Doorbell.ARMED
    int armed;
}

/** Keeps {@code armed} off the cache lines of neighbouring objects (false sharing). */
abstract class DoorbellPadding
{
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07;
}
