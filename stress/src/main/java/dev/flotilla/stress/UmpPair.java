package dev.flotilla.stress;

import dev.flotilla.platform.CoreWakeup;
import dev.flotilla.urpc.UmpChannel;
import dev.flotilla.urpc.UmpDescriptor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Both endpoints of one real UMP channel over a fresh, zeroed, cache-aligned frame: the fixture of one sample. */
final class UmpPair
{
    /** Endpoint A, the creator, on core 0: the sending side of every scenario. */
    final UmpChannel a;
    /** Endpoint B on core 1: the receiving side. */
    final UmpChannel b;

    UmpPair(final int slots)
    {
        // jcstress builds a new state for every sample; an automatic arena lets the GC free each frame with it.
        final MemorySegment frame = Arena.ofAuto().allocate(UmpDescriptor.frameBytes(slots), UmpDescriptor.SLOT_BYTES);
        a = new UmpChannel(frame, slots, true, 0, 1, CoreWakeup.NONE);
        b = new UmpChannel(frame, slots, false, 1, 0, CoreWakeup.NONE);
    }
}
