package dev.flotilla.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.MessageHandler;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Property: a UMP message reaches the receiver's handler whole or not at all.
 *
 * <p>Each slot's header is release-stored after its payload and acquire-loaded before it, so a receiver
 * that accepts a slot sees all seven of its words; a message spanning several slots is handed over only
 * when its last slot (the one without the "more" bit) arrived. Both scenarios drive a real
 * {@link dev.flotilla.urpc.UmpChannel}: one actor sends, the other polls once, racing it.
 */
public final class UmpPublication
{
    static final int TYPE = 0x51;

    /** Distinct, non-zero words (a zeroed frame holds none of them), so a stale or torn word is always a wrong word. */
    static final long[] WORDS = new long[10];

    static
    {
        for (int i = 0; i < WORDS.length; i++)
        {
            WORDS[i] = 0x0F1E_2D3C_4B5A_6978L * (i + 1) + i;
        }
    }

    private UmpPublication()
    {
    }

    /** How many of the first {@code length} delivered words are the words the sender wrote, in place. */
    static int correctWords(final long[] payload, final int length)
    {
        int correct = 0;
        for (int i = 0; i < length && i < WORDS.length; i++)
        {
            if (payload[i] == WORDS[i])
            {
                correct++;
            }
        }
        return correct;
    }

    /** Result: (messages delivered by the poll, words in the delivered message, of which correct). */
    @JCStressTest
    @Description("A seven-word message fills one slot; the receiver polls once while the sender publishes it.")
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE,
        desc = "The poll read the header before the release store of it, so nothing was delivered.")
    @Outcome(id = "1, 7, 7", expect = ACCEPTABLE,
        desc = "The poll saw the header, and with it all seven payload words the sender wrote.")
    @Outcome(expect = FORBIDDEN,
        desc = "A torn message reached the handler: a wrong length, or a word the sender had not yet written.")
    @State
    public static class OneSlot implements MessageHandler
    {
        private final UmpPair pair = new UmpPair(2);
        private int length; // receiver thread only
        private int correct; // receiver thread only

        @Actor
        public void sender()
        {
            if (!pair.a.trySend(TYPE, WORDS, 0, 7))
            {
                throw new AssertionError("an empty ring refused a one-slot message");
            }
        }

        @Actor
        public void receiver(final III_Result r)
        {
            r.r1 = pair.b.poll(this, 1);
            r.r2 = length;
            r.r3 = correct;
        }

        @Override
        public void onMessage(final Channel channel, final int type, final long[] payload, final int length)
        {
            this.length = length;
            this.correct = type == TYPE ? correctWords(payload, length) : -1;
        }
    }

    /** Result: (delivered by the racing poll, delivered in all, words in the message, of which correct). */
    @JCStressTest
    @Description("A ten-word message spans two slots; the receiver polls once while the sender publishes it, "
        + "then the arbiter polls again.")
    @Outcome(id = "0, 1, 10, 10", expect = ACCEPTABLE,
        desc = "The racing poll saw no slot or only the first and delivered nothing; the next delivered it whole.")
    @Outcome(id = "1, 1, 10, 10", expect = ACCEPTABLE,
        desc = "The racing poll saw both slots and delivered the whole message, all ten words correct.")
    @Outcome(expect = FORBIDDEN,
        desc = "The handler saw part of the message, a wrong word, or the message twice.")
    @State
    public static class TwoSlots implements MessageHandler
    {
        private final UmpPair pair = new UmpPair(2);
        private int deliveries; // receiver thread, then the arbiter
        private int length;
        private int correct;

        @Actor
        public void sender()
        {
            if (!pair.a.trySend(TYPE, WORDS, 0, 10))
            {
                throw new AssertionError("an empty ring refused a two-slot message");
            }
        }

        @Actor
        public void receiver(final IIII_Result r)
        {
            r.r1 = pair.b.poll(this, 1);
        }

        @Arbiter
        public void drain(final IIII_Result r)
        {
            pair.b.poll(this, 2); // a limit of 2, so that a duplicate would be counted rather than left behind
            r.r2 = deliveries;
            r.r3 = length;
            r.r4 = correct;
        }

        @Override
        public void onMessage(final Channel channel, final int type, final long[] payload, final int length)
        {
            deliveries++;
            this.length = length;
            this.correct = type == TYPE ? correctWords(payload, length) : -1;
        }
    }
}
