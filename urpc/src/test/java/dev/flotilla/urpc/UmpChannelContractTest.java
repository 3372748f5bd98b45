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
