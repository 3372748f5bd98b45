package dev.flotilla.bench.layouts;

import dev.flotilla.platform.CoreWakeup;
import dev.flotilla.urpc.MessageReader;
import dev.flotilla.urpc.UmpChannel;
import dev.flotilla.urpc.UmpDescriptor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Flotilla's UMP channel as a handoff: its fastest path, seven words from arguments on send and an
 * in-place read on receive, over a page-aligned frame with busy-polling receivers.
 */
final class UmpHandoff implements Handoff
{
    private static final int SLOTS = 32;
    private static final int TYPE = 1;

    private final UmpChannel[] ends = new UmpChannel[2];
    private final MessageReader[] readers = new MessageReader[2];
    /** Each side's last checksum, 128 bytes apart. */
    private final long[] checksums = new long[3 * 16];

    UmpHandoff(final Arena arena)
    {
        final MemorySegment frame = arena.allocate(UmpDescriptor.frameBytes(SLOTS), 4096);
        ends[0] = new UmpChannel(frame, SLOTS, true, 0, 1, CoreWakeup.NONE);
        ends[1] = new UmpChannel(frame, SLOTS, false, 1, 0, CoreWakeup.NONE);
        for (int side = 0; side < 2; side++)
        {
            final int at = (side + 1) * 16;
            readers[side] = (channel, type, message) ->
            {
                long sum = 0;
                for (int i = 0; i < message.length(); i++)
                {
                    sum += message.word(i);
                }
                checksums[at] = sum;
            };
        }
    }

    @Override
    public String name()
    {
        return "UMP (UmpChannel, in place)";
    }

    @Override
    public void send(final int side, final long base)
    {
        while (!ends[side].trySend(TYPE, base, base + 1, base + 2, base + 3, base + 4, base + 5, base + 6))
        {
            Thread.onSpinWait(); // unreachable with one message in flight; kept for safety
        }
    }

    @Override
    public long receive(final int side, final StopFlag stop)
    {
        while (ends[side].read(readers[side], 1) == 0)
        {
            if (stop.raised())
            {
                return Long.MIN_VALUE;
            }
            Thread.onSpinWait();
        }
        return checksums[(side + 1) * 16];
    }
}
