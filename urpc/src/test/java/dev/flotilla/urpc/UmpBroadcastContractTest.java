package dev.flotilla.urpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.platform.CoreWakeup;
import dev.flotilla.platform.IdlePolicy;
import dev.flotilla.platform.linux.LinuxPlatform;
import dev.flotilla.platform.linux.SysfsDiscovery;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The broadcast contract in shared memory: one frame, the writer and every reader on threads of their own. */
class UmpBroadcastContractTest extends BroadcastContractTest
{
    private final Arena arena = Arena.ofShared();
    private final AtomicInteger rung = new AtomicInteger();

    @Override
    protected Parts open(final int slots, final int readers)
    {
        final MemorySegment frame = arena.allocate(BroadcastDescriptor.frameBytes(slots, readers),
            BroadcastDescriptor.SLOT_BYTES);
        final int[] cores = new int[readers];
        final CoreWakeup[] doorbells = new CoreWakeup[readers];
        final BroadcastReceiver[] ends = new BroadcastReceiver[readers];
        for (int i = 0; i < readers; i++)
        {
            cores[i] = i + 1;
            doorbells[i] = () -> rung.incrementAndGet() < 0;
            ends[i] = new UmpBroadcastReceiver(frame, slots, readers, i, i + 1, 0);
        }
        return new Parts(new UmpBroadcastChannel(frame, slots, 0, cores, doorbells), ends);
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

    @Test
    void everySendRingsEveryReadersDoorbell()
    {
        final Parts parts = open(4, 3);
        parts.writer().trySend(1, new long[1], 0, 1);
        assertEquals(3, rung.get());
    }

    @Test
    void aReaderIndexOutsideTheChannelIsRefused()
    {
        final MemorySegment frame = arena.allocate(BroadcastDescriptor.frameBytes(4, 2), 64);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new UmpBroadcastReceiver(frame, 4, 2, 2, 3, 0))
            .getMessage().contains("reader index 2 of a channel of 2 readers"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new UmpBroadcastReceiver(frame, 8, 2, 0, 1, 0))
            .getMessage().contains("needs"), "a frame too small for the ring it claims");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BroadcastDescriptor.frameBytes(4, 0))
            .getMessage().contains("1 to 4096 readers"));
    }

    @Test
    void anAddressTravelsAsWords()
    {
        final BroadcastAddress address = new BroadcastAddress(Transport.UMP, 0x7f12_3456_7000L, 32, 31, 5);
        final long[] words = new long[BroadcastAddress.WORDS + 1];
        address.toWords(words, 1);
        assertEquals(address, BroadcastAddress.fromWords(words, 1));
        assertThrows(IllegalArgumentException.class, () -> BroadcastAddress.fromWords(new long[] {9, 0, 0}, 0));
        assertThrows(IllegalArgumentException.class, () -> new BroadcastAddress(Transport.LMP, 0, 4, 1, 0));
    }

    @Test
    void theNativeInterconnectMakesAndJoinsOne()
    {
        try (LinuxPlatform platform = new LinuxPlatform(SysfsDiscovery.discoverHost(), 2, IdlePolicy.POLL_THEN_BLOCK))
        {
            final SharedMemoryInterconnect interconnect = new SharedMemoryInterconnect(platform);
            final BroadcastChannel writer = interconnect.createBroadcast(0, new int[] {1}, 4);
            assertEquals(Transport.UMP, writer.transport());
            final long[] words = new long[BroadcastAddress.WORDS];
            writer.address().toWords(words, 0);
            final BroadcastReceiver reader = interconnect.attachBroadcast(1, BroadcastAddress.fromWords(words, 0), 0);
            assertTrue(writer.trySend(4, new long[] {40, 2}, 0, 2));
            final long[] sum = new long[1];
            assertEquals(1, reader.poll((from, type, payload, length) -> sum[0] = type + payload[0] + payload[1], 4));
            assertEquals(46, sum[0]);
            assertTrue(assertThrows(IllegalArgumentException.class,
                () -> interconnect.createBroadcast(0, new int[] {0}, 4)).getMessage().contains("is the writer's"));
            assertTrue(assertThrows(IllegalArgumentException.class,
                () -> interconnect.createBroadcast(0, new int[] {1, 1}, 4)).getMessage().contains("appears twice"));
            assertTrue(assertThrows(IllegalArgumentException.class,
                () -> interconnect.createBroadcast(0, new int[] {2}, 4)).getMessage().contains("does not exist"));
            assertThrows(IllegalArgumentException.class, () -> interconnect.createBroadcast(0, new int[] {1}, 3));
        }
    }
}
