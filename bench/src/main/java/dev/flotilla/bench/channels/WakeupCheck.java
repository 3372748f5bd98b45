package dev.flotilla.bench.channels;

import dev.flotilla.platform.CoreWakeup;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What the native platform's doorbell costs a sender while the receiving core is awake: a full
 * fence, then an acquire read of the core's {@code armed} word, which is 0. The native doorbell then
 * returns; only a parked core (armed = 1) costs a compare-and-set and an unpark. Here nobody ever
 * arms it, so this is exactly the doorbell's hot path, without a platform or core threads behind it.
 *
 * <p>Field contract: {@code armed} would be written by the receiving core when it parks; in the
 * benchmark nobody writes it, so it stays 0. Senders read it with acquire after a full fence. It
 * sits between padding so the read never shares a line with a written field.
 */
final class WakeupCheck extends WakeupCheckArmed implements CoreWakeup
{
    private static final VarHandle ARMED;

    static
    {
        try
        {
            ARMED = MethodHandles.lookup().findVarHandle(WakeupCheckArmed.class, "armed", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused")
    private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

    @Override
    public boolean wake()
    {
        VarHandle.fullFence(); // orders the caller's release of its message header before the read
        return (int)ARMED.getAcquire(this) != 0;
    }
}

/** The word a parking core would arm. */
abstract class WakeupCheckArmed extends WakeupCheckPad
{
    @SuppressWarnings("unused") // accessed through WakeupCheck.ARMED
    int armed;
}

/** Padding before {@code armed}. */
abstract class WakeupCheckPad
{
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}
