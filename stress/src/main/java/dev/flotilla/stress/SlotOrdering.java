package dev.flotilla.stress;

import static dev.flotilla.urpc.UmpDescriptor.HEADER_OFFSET;
import static dev.flotilla.urpc.UmpDescriptor.PAYLOAD_WORDS;
import static dev.flotilla.urpc.UmpDescriptor.SLOT_BYTES;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Property: in a slot laid out by {@link dev.flotilla.urpc.UmpDescriptor}, a reader that acquire-loads the
 * header and finds it published sees every payload word written before the header's release store.
 *
 * <p>This is the UMP publication rule with the channel taken away: one 64-byte slot of native memory, seven
 * plain payload stores, one header word, at the descriptor's own offsets. The broken variant stores the
 * header first, with a plain store, which is what a channel without the release discipline amounts to; its
 * torn outcome is marked interesting so that the report shows, on this very machine, what the release
 * store of the header protects against.
 */
public final class SlotOrdering
{
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    static final long PUBLISHED = 1;

    private SlotOrdering()
    {
    }

    /** A fresh zeroed slot, cache-line aligned like a ring slot. */
    static MemorySegment newSlot()
    {
        return Arena.ofAuto().allocate(SLOT_BYTES, SLOT_BYTES);
    }

    /** Plain stores of the payload words 1..7 into the slot. */
    static void writePayload(final MemorySegment slot)
    {
        for (int i = 0; i < PAYLOAD_WORDS; i++)
        {
            LONG.set(slot, (long)i * Long.BYTES, i + 1L);
        }
    }

    /** Acquire-loads the header, then plain-loads the payload: (header published, payload words visible). */
    static void read(final MemorySegment slot, final II_Result r)
    {
        r.r1 = (long)LONG.getAcquire(slot, (long)HEADER_OFFSET) == PUBLISHED ? 1 : 0;
        int visible = 0;
        for (int i = 0; i < PAYLOAD_WORDS; i++)
        {
            if ((long)LONG.get(slot, (long)i * Long.BYTES) == i + 1L)
            {
                visible++;
            }
        }
        r.r2 = visible;
    }

    /** Result: (header seen, payload words seen). The writer keeps the UMP rule: payload, then a release header. */
    @JCStressTest
    @Description("Payload words stored plainly, then the header with setRelease; the reader uses getAcquire.")
    @Outcome(id = "0, [0-7]", expect = ACCEPTABLE,
        desc = "The header is not visible yet, so the reader would not take the slot; the payload may be partly there.")
    @Outcome(id = "1, 7", expect = ACCEPTABLE,
        desc = "The header is visible and, through release and acquire, so is every payload word stored before it.")
    @Outcome(id = "1, [0-6]", expect = FORBIDDEN,
        desc = "The header is visible but a payload word is not: the reader would deliver a torn message.")
    @State
    public static class ReleaseAcquirePublication
    {
        private final MemorySegment slot = newSlot();

        @Actor
        public void writer()
        {
            writePayload(slot);
            LONG.setRelease(slot, (long)HEADER_OFFSET, PUBLISHED);
        }

        @Actor
        public void reader(final II_Result r)
        {
            read(slot, r);
        }
    }

    /** Result: (header seen, payload words seen). The writer breaks the rule: a plain header, before the payload. */
    @JCStressTest
    @Description("Deliberately broken: the header is stored plainly before the payload; the reader is unchanged.")
    @Outcome(id = "0, [0-7]", expect = ACCEPTABLE,
        desc = "The header is not visible yet, so the reader would not take the slot.")
    @Outcome(id = "1, 7", expect = ACCEPTABLE,
        desc = "The header is visible and the payload happened to be complete by the time it was read.")
    @Outcome(id = "1, [0-6]", expect = ACCEPTABLE_INTERESTING,
        desc = "Torn: the header is visible before the payload, which the release store after the payload prevents.")
    @State
    public static class BrokenPublicationWithoutRelease
    {
        private final MemorySegment slot = newSlot();

        @Actor
        public void writer()
        {
            LONG.set(slot, (long)HEADER_OFFSET, PUBLISHED);
            writePayload(slot);
        }

        @Actor
        public void reader(final II_Result r)
        {
            read(slot, r);
        }
    }
}
