package dev.flotilla.urpc;

import dev.flotilla.platform.CoreWakeup;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** The channel contract on UMP: two endpoints over one shared frame, driven by two threads where the test allows. */
class UmpChannelContractTest extends ChannelContractTest
{
    private final Arena arena = Arena.ofShared();

    @Override
    protected Channel[] newPair(final int slots)
    {
        UmpDescriptor.checkRingSlots(slots);
        final MemorySegment frame = arena.allocate(UmpDescriptor.frameBytes(slots), UmpDescriptor.SLOT_BYTES);
        return new Channel[] {new UmpChannel(frame, slots, true, 0, 1, CoreWakeup.NONE),
            new UmpChannel(frame, slots, false, 1, 0, CoreWakeup.NONE)};
    }

    @org.junit.jupiter.api.Test
    void aSlotBeingReadInPlaceIsNotFreedByAReplyFromInsideTheReader()
    {
        final Channel[] ch = newPair(2);
        ch[0].trySend(1, 1L);
        ch[0].trySend(1, 2L);
        ch[1].read((c, type, view) ->
        {
            c.trySend(9, view.word(0));
            drain(ch[0]);
            org.junit.jupiter.api.Assertions.assertFalse(ch[0].trySend(1, 3L),
                "the reply acknowledges only what was consumed before the read began");
        }, 1);
        org.junit.jupiter.api.Assertions.assertEquals(1, ch[1].read((c, type, view) -> { }, 10));
        org.junit.jupiter.api.Assertions.assertTrue(ch[0].trySend(1, 3L), "free once the reader returned and acknowledged");
    }

    @org.junit.jupiter.api.Test
    void aViewKeptPastItsReaderCallReadsNothingWhetherCopiedOrInPlace()
    {
        final Channel[] ch = newPair(4);
        for (final int length : new int[] {7, 3, 15})
        {
            final long[] words = new long[length];
            java.util.Arrays.fill(words, 42L);
            ch[0].trySend(1, words, 0, length);
            final MessageView[] kept = new MessageView[1];
            org.junit.jupiter.api.Assertions.assertEquals(1, ch[1].read((c, type, view) ->
            {
                org.junit.jupiter.api.Assertions.assertEquals(42L, view.word(length - 1));
                kept[0] = view;
            }, 1));
            final IndexOutOfBoundsException thrown = org.junit.jupiter.api.Assertions.assertThrows(
                IndexOutOfBoundsException.class, () -> kept[0].word(0), length + " words");
            org.junit.jupiter.api.Assertions.assertEquals("a message view is valid only inside its reader call",
                thrown.getMessage());
        }
    }

    @Override
    protected boolean crossThread()
    {
        return true;
    }

    @Override
    protected void release()
    {
        arena.close();
    }
}
