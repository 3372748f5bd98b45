package dev.flotilla.urpc;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Memory a channel's rings are laid in that the caller allocated: a frame the capability system accounts
 * (Barrelfish's UMP binding allocates a frame capability and sends it to the peer through the monitors,
 * and each side maps it). The layout inside is {@link UmpDescriptor}'s.
 *
 * @param memory   the frame as this core's side sees it: zeroed before the creator lays rings in it, at least
 *                 {@link UmpDescriptor#frameBytes(int)} bytes for the channel's ring slots.
 * @param physical the frame's physical address, which the descriptor carries to the peer to name it.
 */
public record RingFrame(MemorySegment memory, long physical)
{
    public RingFrame
    {
        Objects.requireNonNull(memory, "memory");
    }

    /** True if the rings of a channel of {@code ringSlots} slots per direction fit. */
    public boolean fits(final int ringSlots)
    {
        return memory.byteSize() >= UmpDescriptor.frameBytes(ringSlots);
    }
}
