package dev.flotilla.urpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broadcast channel's contract, written once and run against every implementation: every reader gets every
 * message, whole and in order; the writer never overwrites a slot any reader has not taken; bad input is refused
 * with a message that names it.
 */
public abstract class BroadcastContractTest
{
    /** A channel written on core 0 and read on cores 1..R (reader i on core i + 1). */
    public record Parts(BroadcastChannel writer, BroadcastReceiver[] readers)
    {
    }

    /** Opens a channel of {@code slots} slots with {@code readers} readers. */
    protected abstract Parts open(int slots, int readers);

    /** True if the writer and the readers may run on threads of their own. */
    protected abstract boolean crossThread();

    /** Releases what {@link #open} allocated. */
    @AfterEach
    protected void release()
    {
    }

    /** A message as a reader saw it. */
    protected record Received(int type, long[] words)
    {
    }

    protected static List<Received> drain(final BroadcastReceiver reader)
    {
        final List<Received> out = new ArrayList<>();
        reader.poll((from, type, payload, length) -> out.add(new Received(type, Arrays.copyOf(payload, length))),
            Integer.MAX_VALUE);
        return out;
    }

    private static long[] words(final int length, final long seed)
    {
        final long[] w = new long[length];
        for (int i = 0; i < length; i++)
        {
            w[i] = seed * 1_000_003L + i;
        }
        return w;
    }

    @Test
    void everyReaderGetsEveryMessageWholeAndInOrder()
    {
        final Parts parts = open(16, 4);
        final int[] lengths = {0, 1, 7, 8, 20, 3};
        for (int i = 0; i < lengths.length; i++)
        {
            assertTrue(parts.writer().trySend(i + 10, words(lengths[i], i), 0, lengths[i]), "message " + i);
        }
        for (final BroadcastReceiver reader : parts.readers())
        {
            final List<Received> got = drain(reader);
            assertEquals(lengths.length, got.size(), reader.toString());
            for (int i = 0; i < lengths.length; i++)
            {
                assertEquals(i + 10, got.get(i).type());
                assertArrayEquals(words(lengths[i], i), got.get(i).words(), "message " + i + " at " + reader);
            }
            assertTrue(drain(reader).isEmpty(), "a message is delivered once to each reader");
        }
    }

    @Test
    void aSlotIsNotReusedUntilTheSlowestReaderTookIt()
    {
        final Parts parts = open(4, 3);
        for (int i = 0; i < 4; i++)
        {
            assertTrue(parts.writer().trySend(1, words(2, i), 0, 2));
        }
        assertFalse(parts.writer().trySend(1, words(2, 4), 0, 2), "the ring is full");
        assertEquals(4, drain(parts.readers()[0]).size());
        assertEquals(4, drain(parts.readers()[1]).size());
        drain(parts.readers()[0]);
        drain(parts.readers()[1]);
        assertFalse(parts.writer().trySend(1, words(2, 4), 0, 2), "reader 2 has taken nothing yet");
        assertTrue(parts.writer().counters().fullRingStalls() >= 2);
        assertEquals(4, drain(parts.readers()[2]).size());
        assertTrue(parts.writer().trySend(1, words(2, 4), 0, 2), "every reader took every slot");
        for (final BroadcastReceiver reader : parts.readers())
        {
            final List<Received> got = drain(reader);
            assertEquals(1, got.size());
            assertArrayEquals(words(2, 4), got.getFirst().words());
        }
    }

    @Test
    void aMessageAsLongAsTheRingGetsThroughOnceEveryReaderCaughtUp()
    {
        final Parts parts = open(4, 2);
        final int longest = parts.writer().maxMessageWords();
        assertEquals(28, longest);
        assertTrue(parts.writer().trySend(1, words(1, 1), 0, 1));
        for (final BroadcastReceiver reader : parts.readers())
        {
            assertEquals(1, drain(reader).size());
        }
        for (final BroadcastReceiver reader : parts.readers())
        {
            assertTrue(drain(reader).isEmpty()); // caught up: the position line says so
        }
        assertTrue(parts.writer().trySend(2, words(longest, 2), 0, longest), "the whole ring is free again");
        for (final BroadcastReceiver reader : parts.readers())
        {
            final List<Received> got = drain(reader);
            assertEquals(1, got.size());
            assertArrayEquals(words(longest, 2), got.getFirst().words());
        }
    }

    @Test
    void hasPendingSeesAMessageWithoutTakingIt()
    {
        final Parts parts = open(8, 2);
        assertFalse(parts.readers()[0].hasPending());
        assertTrue(parts.writer().trySend(5, words(3, 5), 0, 3));
        assertTrue(parts.readers()[0].hasPending());
        assertTrue(parts.readers()[0].hasPending(), "still there");
        assertEquals(1, drain(parts.readers()[0]).size());
        assertFalse(parts.readers()[0].hasPending());
        assertTrue(parts.readers()[1].hasPending(), "the other reader's copy is its own");
    }

    @Test
    void countersCountOneSendAndEveryReadersReceive()
    {
        final Parts parts = open(8, 3);
        assertTrue(parts.writer().trySend(1, words(7, 1), 0, 7));
        assertTrue(parts.writer().trySend(1, words(2, 2), 0, 2));
        assertEquals(2, parts.writer().counters().messagesSent());
        assertEquals(72, parts.writer().counters().bytesSent());
        for (final BroadcastReceiver reader : parts.readers())
        {
            drain(reader);
            assertEquals(2, reader.counters().messagesReceived());
            assertEquals(72, reader.counters().bytesReceived());
        }
    }

    @Test
    void theEndsKnowTheirCoresAndIndices()
    {
        final Parts parts = open(8, 3);
        assertEquals(0, parts.writer().localCore());
        assertEquals(3, parts.writer().readers());
        assertEquals(8, parts.writer().ringSlots());
        final BroadcastAddress address = parts.writer().address();
        assertEquals(parts.writer().transport(), address.transport());
        assertEquals(3, address.readers());
        assertEquals(0, address.writerCore());
        for (int i = 0; i < 3; i++)
        {
            assertEquals(i + 1, parts.writer().readerCore(i));
            assertEquals(i + 1, parts.readers()[i].localCore());
            assertEquals(0, parts.readers()[i].writerCore());
            assertEquals(i, parts.readers()[i].readerIndex());
        }
    }

    @Test
    void badMessagesAreRefusedWithTheirReason()
    {
        final Parts parts = open(2, 1);
        final BroadcastChannel writer = parts.writer();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> writer.trySend(-1, new long[1], 0, 1))
            .getMessage().contains("message type must be 0..65535"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> writer.trySend(65536, new long[1], 0, 1))
            .getMessage().contains("was 65536"));
        assertThrows(IndexOutOfBoundsException.class, () -> writer.trySend(1, new long[3], 2, 2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> writer.trySend(1, new long[15], 0, 15))
            .getMessage().contains("at most 14 words"));
        assertEquals(0, writer.counters().messagesSent(), "nothing was sent");
        assertTrue(drain(parts.readers()[0]).isEmpty());
    }

    @Test
    void manyMessagesReachEveryReaderThreadInOrder() throws InterruptedException
    {
        if (!crossThread())
        {
            return;
        }
        final int messages = 5_000;
        final Parts parts = open(8, 2);
        final long[] lastSeen = new long[parts.readers().length];
        final boolean[] ordered = new boolean[parts.readers().length];
        final List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < parts.readers().length; r++)
        {
            final int reader = r;
            ordered[r] = true;
            threads.add(Thread.ofPlatform().start(() ->
            {
                long expected = 0;
                while (expected < messages)
                {
                    final long[] next = {expected};
                    parts.readers()[reader].poll((from, type, payload, length) ->
                    {
                        ordered[reader] &= length == 2 && payload[0] == next[0] && payload[1] == ~next[0];
                        next[0]++;
                    }, 16);
                    expected = next[0];
                    if (!ordered[reader])
                    {
                        break;
                    }
                    Thread.yield(); // more threads than this machine may have CPUs: let the writer run
                }
                lastSeen[reader] = expected;
            }));
        }
        for (long i = 0; i < messages; i++)
        {
            final long[] message = {i, ~i};
            while (!parts.writer().trySend(3, message, 0, 2))
            {
                Thread.yield();
            }
        }
        for (final Thread thread : threads)
        {
            thread.join(60_000);
            assertFalse(thread.isAlive(), "a reader stopped taking messages");
        }
        for (int r = 0; r < lastSeen.length; r++)
        {
            assertTrue(ordered[r], "reader " + r + " saw a message lost, repeated or torn");
            assertEquals(messages, lastSeen[r]);
        }
    }
}
