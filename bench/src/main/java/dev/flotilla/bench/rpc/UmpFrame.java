package dev.flotilla.bench.rpc;

import dev.flotilla.platform.CoreWakeup;
import dev.flotilla.urpc.UmpChannel;
import dev.flotilla.urpc.UmpDescriptor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** The two ends of one UMP channel over a page-aligned frame, busy-polled (no doorbell), core 0 to core 1. */
final class UmpFrame
{
    /** Ring slots each way, as the monitors' channels have by default. */
    static final int SLOTS = 32;

    private UmpFrame()
    {
    }

    /** Element 0 is core 0's end (the client), element 1 core 1's (the server). */
    static UmpChannel[] open(final Arena arena)
    {
        final MemorySegment frame = arena.allocate(UmpDescriptor.frameBytes(SLOTS), 4096);
        return new UmpChannel[] {new UmpChannel(frame, SLOTS, true, 0, 1, CoreWakeup.NONE),
            new UmpChannel(frame, SLOTS, false, 1, 0, CoreWakeup.NONE)};
    }
}
