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

/**
 * Property: a UMP sender never overwrites a slot the receiver has not consumed, so the receiver gets every
 * message the sender got into the ring exactly once, in order.
 *
 * <p>The sender pushes the values 0, 1, 2, ... through a ring of two slots, so every value after the second
 * reuses a slot and needs credit; it learns of consumption from the receiver's acknowledgement line (one-way
 * traffic) or from the acknowledgement piggy-backed on replies (request/reply traffic). An overwritten slot
 * shows up as a lost message (the receiver, expecting an older sequence number, stops at it), a gap or a
 * repeat among the delivered values.
 *
 * <p>Every loop is bounded, because jcstress may run one actor's sample long after the other's finished:
 * the sender gives up on a value that finds no credit for {@value #SEND_ATTEMPTS} attempts, the receiver
 * stops after {@value #POLLS} polls, and the arbiter drains what is left. Giving up is not a failure; the
 * property is about the values that were sent.
 */
public final class UmpFlowControl
{
    static final int MESSAGES = 6;
    static final int SLOTS = 2;
    static final int SEND_ATTEMPTS = 200;
    static final int POLLS = 200;
    static final int REQUEST = 1;
    static final int REPLY = 2;

    private UmpFlowControl()
    {
    }

    /** Sends {@code value} as a one-word message, retrying a bounded number of times while the ring is full. */
    static boolean send(final Channel channel, final int type, final long value, final MessageHandler replies)
    {
        for (int attempt = 0; attempt < SEND_ATTEMPTS; attempt++)
        {
            if (channel.trySend(type, value))
            {
                return true;
            }
            if (replies == null || channel.poll(replies, MESSAGES) == 0)
            {
                Thread.onSpinWait();
            }
        }
        return false;
    }

    /**
     * Result: (values sent, values delivered in all, length of the in-order prefix 0, 1, 2, ..., values delivered
     * during the race).
     */
    @JCStressTest
    @Description("One-way traffic through two slots: credit comes back only on the receiver's acknowledgement line.")
    @Outcome(id = {"2, 2, 2, [0-2]", "3, 3, 3, [0-3]", "4, 4, 4, [0-4]", "5, 5, 5, [0-5]", "6, 6, 6, [0-6]"},
        expect = ACCEPTABLE,
        desc = "Every value the sender got into the ring was delivered once and in order (it may give up early).")
    @Outcome(expect = FORBIDDEN,
        desc = "A value was lost, repeated or out of order: a slot was overwritten before the receiver consumed it.")
    @State
    public static class AcknowledgementLine implements MessageHandler
    {
        private final UmpPair pair = new UmpPair(SLOTS);
        private int delivered; // receiver thread, then the arbiter
        private int inOrder; // receiver thread, then the arbiter: delivered values that continue 0, 1, 2, ...

        @Actor
        public void sender(final IIII_Result r)
        {
            int sent = 0;
            while (sent < MESSAGES && send(pair.a, REQUEST, sent, null))
            {
                sent++;
            }
            r.r1 = sent;
        }

        @Actor
        public void receiver(final IIII_Result r)
        {
            for (int i = 0; i < POLLS && delivered < MESSAGES; i++)
            {
                if (pair.b.poll(this, MESSAGES) == 0)
                {
                    Thread.onSpinWait();
                }
            }
            r.r4 = delivered;
        }

        @Arbiter
        public void drain(final IIII_Result r)
        {
            pair.b.poll(this, MESSAGES + 1); // everything is visible now; a limit above MESSAGES counts any extra
            r.r2 = delivered;
            r.r3 = inOrder;
        }

        @Override
        public void onMessage(final Channel channel, final int type, final long[] payload, final int length)
        {
            if (type == REQUEST && length == 1 && payload[0] == delivered && inOrder == delivered)
            {
                inOrder++;
            }
            delivered++;
        }
    }

    /**
     * Result: (values sent, values delivered in all, length of the in-order prefix 0, 1, 2, ..., 1 if the
     * replies were consistent).
     */
    @JCStressTest
    @Description("Request/reply traffic through two slots each way: the receiver answers every request and each "
        + "reply's header carries the acknowledgement; a reply that finds its ring full is dropped and counted, and "
        + "only then does the acknowledgement line carry the credit.")
    @Outcome(id = {"2, 2, 2, 1", "3, 3, 3, 1", "4, 4, 4, 1", "5, 5, 5, 1", "6, 6, 6, 1"}, expect = ACCEPTABLE,
        desc = "Every request was delivered once and in order, and every reply sent was received once and in order.")
    @Outcome(expect = FORBIDDEN,
        desc = "A request or reply was lost, repeated or out of order: a slot was overwritten before it was consumed.")
    @State
    public static class PiggybackedAcknowledgement
    {
        private final UmpPair pair = new UmpPair(SLOTS);
        private final RequestHandler requests = new RequestHandler();
        private final ReplyHandler replies = new ReplyHandler();

        @Actor
        public void sender(final IIII_Result r)
        {
            int sent = 0;
            while (sent < MESSAGES && send(pair.a, REQUEST, sent, replies))
            {
                sent++;
            }
            r.r1 = sent;
        }

        @Actor
        public void receiver()
        {
            for (int i = 0; i < POLLS && requests.delivered < MESSAGES; i++)
            {
                if (pair.b.poll(requests, MESSAGES) == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }

        @Arbiter
        public void drain(final IIII_Result r)
        {
            // Alternate: draining requests queues replies, draining replies returns credit for more of them.
            for (int i = 0; i <= 2 * MESSAGES; i++)
            {
                if (pair.b.poll(requests, MESSAGES) + pair.a.poll(replies, MESSAGES) == 0)
                {
                    break;
                }
            }
            r.r2 = requests.delivered;
            r.r3 = requests.inOrder;
            r.r4 = replies.inOrder && replies.received + requests.droppedReplies == requests.delivered ? 1 : 0;
        }
    }

    /** The receiving endpoint's handler: checks the order of requests and answers each with its value. */
    static final class RequestHandler implements MessageHandler
    {
        int delivered;
        int inOrder;
        int droppedReplies;

        @Override
        public void onMessage(final Channel channel, final int type, final long[] payload, final int length)
        {
            if (type == REQUEST && length == 1 && payload[0] == delivered && inOrder == delivered)
            {
                inOrder++;
            }
            delivered++;
            if (!channel.trySend(REPLY, payload[0]))
            {
                droppedReplies++;
            }
        }
    }

    /** The sending endpoint's handler for replies: they must arrive in increasing order, each once. */
    static final class ReplyHandler implements MessageHandler
    {
        int received;
        long last = -1;
        boolean inOrder = true;

        @Override
        public void onMessage(final Channel channel, final int type, final long[] payload, final int length)
        {
            inOrder &= type == REPLY && length == 1 && payload[0] > last;
            last = payload[0];
            received++;
        }
    }
}
