package dev.flotilla.idl;

import dev.flotilla.platform.CoreWakeup;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.UmpChannel;
import dev.flotilla.urpc.UmpDescriptor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Nested;

/** The binding contract over UMP: two endpoints on one shared frame, as between two cores. */
class UmpBindingTest extends BindingContractTest
{
    private final Arena arena = Arena.ofShared();

    @Override
    protected Channel[] newPair(final int slots)
    {
        final MemorySegment frame = arena.allocate(UmpDescriptor.frameBytes(slots), UmpDescriptor.SLOT_BYTES);
        return new Channel[] {new UmpChannel(frame, slots, true, 0, 1, CoreWakeup.NONE),
            new UmpChannel(frame, slots, false, 1, 0, CoreWakeup.NONE)};
    }

    @Override
    protected void release()
    {
        arena.close();
    }

    /** The capability-argument contract over the same transport. */
    @Nested
    class Capabilities extends CapabilityCarrierContractTest
    {
        @Override
        protected Channel[] newPair(final int slots)
        {
            return UmpBindingTest.this.newPair(slots);
        }
    }
}
