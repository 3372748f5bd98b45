package dev.flotilla.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.flotilla.platform.CoreWakeup;
import dev.flotilla.urpc.BroadcastDescriptor;
import dev.flotilla.urpc.BroadcastHandler;
import dev.flotilla.urpc.BroadcastReceiver;
import dev.flotilla.urpc.UmpBroadcastChannel;
import dev.flotilla.urpc.UmpBroadcastReceiver;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Properties of the broadcast ring ({@link UmpBroadcastChannel}, {@link UmpBroadcastReceiver}) with one writer and
 * two readers: each reader sees a message whole or not at all (the header's release store after the payload, its
 * acquire load before it), and the writer never rewrites a slot that either reader has not taken (each reader's
 * position line, release-stored after its loads of the slots, acquire-loaded by the writer). The writer runs on one
 * thread and both readers on the other (jcstress runs a test only with a CPU per actor, and the machines these run
 * on may have two), the second reader polled half as often so the two stand at different places in the ring.
 *
 * <p>Every loop is bounded, as in {@link UmpFlowControl}: the writer gives up on a value that finds no room for
 * {@value #ATTEMPTS} attempts, each reader polls at most {@value #ATTEMPTS} times, and the arbiter drains the rest.
 */
public final class BroadcastRing
{
    static final int TYPE = 0x62;
    static final int ATTEMPTS = 200;
    static final int VALUES = 5;
    static final int SLOTS = 2;

    private BroadcastRing()
    {
    }

    /** A writer on core 0 and readers on cores 1 and 2 over a fresh, zeroed frame. */
    static final class Fixture
    {
        final UmpBroadcastChannel writer;
        final UmpBroadcastReceiver[] readers = new UmpBroadcastReceiver[2];

        Fixture(final int slots)
        {
            final MemorySegment frame = Arena.ofAuto().allocate(BroadcastDescriptor.frameBytes(slots, 2),
                BroadcastDescriptor.SLOT_BYTES);
            writer = new UmpBroadcastChannel(frame, slots, 0, new int[] {1, 2},
                new CoreWakeup[] {CoreWakeup.NONE, CoreWakeup.NONE});
            for (int i = 0; i < 2; i++)
            {
                readers[i] = new UmpBroadcastReceiver(frame, slots, 2, i, i + 1, 0);
            }
        }
    }

    /** One reader's view of the values 0, 1, 2, ...: how many it took, and how many of those continued the count. */
    static final class Checker implements BroadcastHandler
    {
        int delivered;
        int inOrder;

        @Override
        public void onMessage(final BroadcastReceiver from, final int type, final long[] payload, final int length)
        {
            if (type == TYPE && length == 2 && payload[0] == delivered && payload[1] == ~payload[0]
                && inOrder == delivered)
            {
                inOrder++;
            }
            delivered++;
        }

        /** Polls {@code reader} once; true if it took something. */
        boolean pollOnce(final BroadcastReceiver reader)
        {
            return delivered < VALUES && reader.poll(this, VALUES) > 0;
        }
    }

    /** Result: (values written, values reader 0 took, of which in order, the same for reader 1: 1 if equal). */
    @JCStressTest
    @Description("Values 0..4 (two words each: v and ~v) through a 2-slot ring; both readers race the writer.")
    @Outcome(id = {"2, 2, 2, 1", "3, 3, 3, 1", "4, 4, 4, 1", "5, 5, 5, 1"}, expect = ACCEPTABLE,
        desc = "Both readers took every value the writer got into the ring, once, whole and in order.")
    @Outcome(expect = FORBIDDEN,
        desc = "A value lost, repeated, torn or out of order at some reader: a slot rewritten before both took it.")
    @State
    public static class FlowControl
    {
        private final Fixture fixture = new Fixture(SLOTS);
        private final Checker first = new Checker();
        private final Checker second = new Checker();
        private int written; // writer thread, then the arbiter

        @Actor
        public void writer()
        {
            for (long value = 0; value < VALUES; value++)
            {
                final long[] message = {value, ~value};
                int attempt = 0;
                while (!fixture.writer.trySend(TYPE, message, 0, 2))
                {
                    if (++attempt == ATTEMPTS)
                    {
                        return;
                    }
                    Thread.onSpinWait();
                }
                written++;
            }
        }

        @Actor
        public void readers()
        {
            for (int i = 0; i < ATTEMPTS && (first.delivered < VALUES || second.delivered < VALUES); i++)
            {
                boolean took = first.pollOnce(fixture.readers[0]);
                if (i % 2 == 1)
                {
                    took |= second.pollOnce(fixture.readers[1]);
                }
                if (!took)
                {
                    Thread.onSpinWait();
                }
            }
        }

        @Arbiter
        public void drain(final IIII_Result r)
        {
            fixture.readers[0].poll(first, VALUES + 1); // a limit above VALUES counts any extra
            fixture.readers[1].poll(second, VALUES + 1);
            r.r1 = written;
            r.r2 = first.delivered;
            r.r3 = first.inOrder;
            r.r4 = second.delivered == first.delivered && second.inOrder == first.inOrder ? 1 : 0;
        }
    }

    /** Result: (messages reader 0's one poll took, correct words among them, the same for reader 1). */
    @JCStressTest
    @Description("A seven-word message in one slot; reader 0 then reader 1 polls once while the writer publishes it.")
    @Outcome(id = {"0, 0, 0, 0", "0, 0, 1, 7", "1, 7, 1, 7"}, expect = ACCEPTABLE,
        desc = "Each reader saw nothing yet, or the header and with it all seven words.")
    @Outcome(expect = FORBIDDEN, desc = "A reader took a torn message (a word the writer had not yet written), or "
        + "reader 1 missed a header that reader 0 had already seen earlier on the same thread.")
    @State
    public static class Publication
    {
        private final Fixture fixture = new Fixture(SLOTS);
        private final int[] got = new int[4];

        @Actor
        public void writer()
        {
            if (!fixture.writer.trySend(TYPE, UmpPublication.WORDS, 0, 7))
            {
                throw new AssertionError("an empty ring refused a one-slot message");
            }
        }

        @Actor
        public void readers()
        {
            take(0);
            take(1);
        }

        private void take(final int reader)
        {
            fixture.readers[reader].poll((from, type, payload, length) ->
            {
                got[2 * reader]++;
                got[2 * reader + 1] = type == TYPE && length == 7 ? UmpPublication.correctWords(payload, length) : -1;
            }, 1);
        }

        @Arbiter
        public void result(final IIII_Result r)
        {
            r.r1 = got[0];
            r.r2 = got[1];
            r.r3 = got[2];
            r.r4 = got[3];
        }
    }
}
