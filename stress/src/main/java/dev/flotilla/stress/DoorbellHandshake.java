package dev.flotilla.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Property: the poll-then-park handshake loses no wake-up — either the parking core's last poll sees the
 * message, or the sender sees the core armed and unparks it.
 *
 * <p>A faithful miniature of {@code platform/src/main/java/dev/flotilla/platform/linux/Doorbell.java}
 * (package-private there, so it is modelled here with the same access modes on two fields):
 * <pre>
 *   parking core (actor 1)                    sender (actor 2)
 *   armed := 1          (setVolatile)         message := 1       (setRelease: the UMP header)
 *   fullFence                                 fullFence
 *   m := message        (getAcquire: poll)    a := armed         (getAcquire; Doorbell then CASes and unparks)
 * </pre>
 * The result is (m, a). Outcome (0, 0) is the lost wake-up: the core parks having seen no message, while
 * the sender, having seen no armed core, skips the unpark. This is Dekker's store-buffering pattern: each
 * side stores, then loads what the other stored, and only a full fence on both sides forbids both loads
 * from missing both stores. The broken variants drop the fences and show the outcome they allow.
 */
public final class DoorbellHandshake
{
    private DoorbellHandshake()
    {
    }

    /** The two words of the handshake: the doorbell's {@code armed} and the channel's message (its header). */
    public static class Words
    {
        static final VarHandle ARMED;
        static final VarHandle MESSAGE;

        static
        {
            try
            {
                final MethodHandles.Lookup lookup = MethodHandles.lookup();
                ARMED = lookup.findVarHandle(Words.class, "armed", int.class);
                MESSAGE = lookup.findVarHandle(Words.class, "message", int.class);
            }
            catch (final ReflectiveOperationException ex)
            {
                throw new ExceptionInInitializerError(ex);
            }
        }

        // Written by: the parking core (volatile). Read by: the sender (acquire, after its fence).
        @SuppressWarnings("unused") // accessed through ARMED
        private int armed;
        // Written by: the sender (release). Read by: the parking core (acquire, after its fence).
        @SuppressWarnings("unused") // accessed through MESSAGE
        private int message;
    }

    /** Result: (parking core saw the message, sender saw the core armed). Doorbell as written. */
    @JCStressTest
    @Description("Doorbell.arm and Doorbell.wake as written: a full fence between each side's store and load.")
    @Outcome(id = "0, 0", expect = FORBIDDEN,
        desc = "Lost wake-up: the core parks without the message, and the sender, seeing it unarmed, skips the unpark.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE,
        desc = "The last poll missed the message, but the sender saw the core armed and unparks it.")
    @Outcome(id = "1, 0", expect = ACCEPTABLE,
        desc = "The last poll found the message, so the core does not park; the sender need not unpark it.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE,
        desc = "Both saw each other: the core does not park and the sender's unpark leaves a harmless permit.")
    @State
    public static class Handshake extends Words
    {
        @Actor
        public void parkingCore(final II_Result r)
        {
            ARMED.setVolatile(this, 1);
            VarHandle.fullFence();
            r.r1 = (int)MESSAGE.getAcquire(this);
        }

        @Actor
        public void sender(final II_Result r)
        {
            MESSAGE.setRelease(this, 1);
            VarHandle.fullFence();
            r.r2 = (int)ARMED.getAcquire(this);
        }
    }

    /** Result: (parking core saw the message, sender saw the core armed). Both fences removed. */
    @JCStressTest
    @Description("Deliberately broken: Doorbell with both full fences removed; each side's load may pass its store.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING,
        desc = "Lost wake-up: both loads missed both stores, the store-buffering outcome the two fences forbid.")
    @Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE,
        desc = "At least one side saw the other's store, so the message is handled or the core is unparked.")
    @State
    public static class BrokenHandshakeWithoutFences extends Words
    {
        @Actor
        public void parkingCore(final II_Result r)
        {
            ARMED.setVolatile(this, 1);
            r.r1 = (int)MESSAGE.getAcquire(this);
        }

        @Actor
        public void sender(final II_Result r)
        {
            MESSAGE.setRelease(this, 1);
            r.r2 = (int)ARMED.getAcquire(this);
        }
    }

    /** Result: (parking core saw the message, sender saw the core armed). Only the sender's fence removed. */
    @JCStressTest
    @Description("Deliberately broken: the parking side is fenced but Doorbell.wake lacks its fence, which one "
        + "fence cannot make up for.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING,
        desc = "Lost wake-up: the sender read armed before its message store became visible to the last poll.")
    @Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE,
        desc = "At least one side saw the other's store, so the message is handled or the core is unparked.")
    @State
    public static class BrokenHandshakeWithoutSenderFence extends Words
    {
        @Actor
        public void parkingCore(final II_Result r)
        {
            ARMED.setVolatile(this, 1);
            VarHandle.fullFence();
            r.r1 = (int)MESSAGE.getAcquire(this);
        }

        @Actor
        public void sender(final II_Result r)
        {
            MESSAGE.setRelease(this, 1);
            r.r2 = (int)ARMED.getAcquire(this);
        }
    }
}
