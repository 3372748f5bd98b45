package dev.flotilla.urpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The channel contract, written once and run against every transport: reliable, FIFO, bounded,
 * whole messages, no overwrite of unread slots, and clear errors for bad input.
 */
public abstract class ChannelContractTest
{
    /** Creates a connected pair of endpoints with {@code slots} slots per ring: [a, b]. */
    protected abstract Channel[] newPair(int slots);

    /** True if the two endpoints may be driven by two threads (cross-core transports). */
    protected abstract boolean crossThread();

    /** Releases what {@link #newPair} allocated. */
    @AfterEach
    protected void release()
    {
    }

    /** A message as the handler saw it. */
    protected record Received(int type, long[] words)
    {
    }

    /** Polls everything pending on {@code channel} (single-threaded use). */
    protected static List<Received> drain(final Channel channel)
    {
        final List<Received> out = new ArrayList<>();
        channel.poll((c, type, payload, length) -> out.add(new Received(type, Arrays.copyOf(payload, length))),
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
    void deliversMessagesInOrderWithTheirPayload()
    {
        final Channel[] ch = newPair(32);
        for (int i = 0; i < 20; i++)
        {
            assertTrue(ch[0].trySend(i, words(7, i), 0, 7));
        }
        final List<Received> got = drain(ch[1]);
        assertEquals(20, got.size());
        for (int i = 0; i < 20; i++)
        {
            assertEquals(i, got.get(i).type());
            assertArrayEquals(words(7, i), got.get(i).words());
        }
        assertTrue(drain(ch[1]).isEmpty(), "a message is delivered once");
    }

    @Test
    void readDeliversTheSameMessagesInPlace()
    {
        final Channel[] ch = newPair(8);
        final int[] lengths = {7, 0, 1, 15, 7, 49};
        for (int m = 0; m < lengths.length; m++)
        {
            assertTrue(ch[0].trySend(m, words(lengths[m], m), 0, lengths[m]));
            final List<Received> got = new ArrayList<>();
            assertEquals(1, ch[1].read((c, type, view) ->
            {
                got.add(new Received(type, view.toArray()));
                assertThrows(IndexOutOfBoundsException.class, () -> view.word(view.length()));
                assertThrows(IndexOutOfBoundsException.class, () -> view.word(-1));
            }, 10));
            assertEquals(m, got.getFirst().type());
            assertArrayEquals(words(lengths[m], m), got.getFirst().words(), "message " + m);
        }
        assertEquals(lengths.length, ch[1].counters().messagesReceived());
        assertEquals(0, ch[1].read((c, t, v) -> { }, 10), "each message is read once");
    }

    @Test
    void sevenWordSendsInterleaveWithTheOthersInOrder()
    {
        final Channel[] ch = newPair(4);
        assertTrue(ch[0].trySend(1, 10, 11, 12, 13, 14, 15, 16));
        assertTrue(ch[0].trySend(2, 99L));
        assertTrue(ch[0].trySend(3, 20, 21, 22, 23, 24, 25, 26));
        final List<Received> got = drain(ch[1]);
        assertArrayEquals(new long[] {10, 11, 12, 13, 14, 15, 16}, got.get(0).words());
        assertArrayEquals(new long[] {99}, got.get(1).words());
        assertArrayEquals(new long[] {20, 21, 22, 23, 24, 25, 26}, got.get(2).words());
        assertTrue(ch[0].trySend(4, 1, 2, 3, 4, 5, 6, 7));
        assertTrue(ch[0].trySend(4, 1, 2, 3, 4, 5, 6, 7));
        assertTrue(ch[0].trySend(4, 1, 2, 3, 4, 5, 6, 7));
        assertTrue(ch[0].trySend(4, 1, 2, 3, 4, 5, 6, 7));
        assertFalse(ch[0].trySend(4, 1, 2, 3, 4, 5, 6, 7), "a full ring refuses the seven-word send too");
        assertEquals(56 * 6 + 8, ch[0].counters().bytesSent());
    }

    @Test
    void aReplySentWhileReadingInPlaceDoesNotLetTheSenderOverwriteTheMessage()
    {
        final Channel[] ch = newPair(2);
        assertTrue(ch[0].trySend(1, words(7, 1), 0, 7));
        assertTrue(ch[0].trySend(1, words(7, 2), 0, 7));
        final List<long[]> seen = new ArrayList<>();
        ch[1].read((c, type, view) ->
        {
            final long first = view.word(0);
            assertTrue(c.trySend(9, first), "the reply goes out while the message is still being read");
            drain(ch[0]); // the sender learns whatever the reply acknowledged, and sends if it may
            ch[0].trySend(1, words(7, 3), 0, 7);
            seen.add(view.toArray());
        }, 1);
        assertArrayEquals(words(7, 1), seen.getFirst(), "the message being read was not overwritten");
    }

    @Test
    void bothDirectionsAreIndependent()
    {
        final Channel[] ch = newPair(8);
        assertTrue(ch[0].trySend(1, 10L));
        assertTrue(ch[1].trySend(2, 20L));
        assertEquals(List.of(2), drain(ch[0]).stream().map(Received::type).toList());
        assertEquals(List.of(1), drain(ch[1]).stream().map(Received::type).toList());
    }

    @Test
    void wrapsAroundTheRingManyTimes()
    {
        final Channel[] ch = newPair(4);
        long next = 0;
        long expected = 0;
        final SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 500; round++)
        {
            final int burst = 1 + random.nextInt(4);
            for (int i = 0; i < burst; i++)
            {
                if (ch[0].trySend(3, words(1 + random.nextInt(7), next), 0, 1))
                {
                    next++;
                }
            }
            for (final Received r : drain(ch[1]))
            {
                assertEquals(expected * 1_000_003L, r.words()[0]);
                expected++;
            }
        }
        assertEquals(next, expected);
        assertTrue(next > 4 * 100, "the ring wrapped many times");
    }

    @Test
    void aFullRingRefusesTheNextMessageAndKeepsEveryUnreadOne()
    {
        final Channel[] ch = newPair(8);
        for (int i = 0; i < 8; i++)
        {
            assertTrue(ch[0].trySend(5, words(7, i), 0, 7), "slot " + i + " is free");
        }
        assertFalse(ch[0].trySend(5, words(7, 99), 0, 7), "the ninth message must wait");
        assertEquals(1, ch[0].counters().fullRingStalls());
        final List<Received> got = drain(ch[1]);
        assertEquals(8, got.size());
        for (int i = 0; i < 8; i++)
        {
            assertArrayEquals(words(7, i), got.get(i).words(), "unread slot " + i + " was not overwritten");
        }
        assertTrue(ch[0].trySend(5, words(7, 8), 0, 7), "room again once the receiver consumed the ring");
        assertArrayEquals(words(7, 8), drain(ch[1]).getFirst().words());
    }

    @Test
    void aMessageThatDoesNotFitWhollyIsNotSentInPart()
    {
        final Channel[] ch = newPair(4);
        assertTrue(ch[0].trySend(1, words(14, 1), 0, 14)); // two slots
        assertTrue(ch[0].trySend(1, words(7, 2), 0, 7)); // one slot; one left
        assertFalse(ch[0].trySend(1, words(14, 3), 0, 14), "needs two slots, one is free");
        assertTrue(ch[0].trySend(1, words(7, 4), 0, 7), "the free slot is still usable");
        final List<Received> got = drain(ch[1]);
        assertEquals(3, got.size());
        assertArrayEquals(words(14, 1), got.get(0).words());
        assertArrayEquals(words(7, 4), got.get(2).words());
    }

    @Test
    void batchesSendUntilTheRingIsFullAndPollHonoursItsLimit()
    {
        final Channel[] ch = newPair(16);
        final long[] payload = new long[7 * 40];
        for (int i = 0; i < payload.length; i++)
        {
            payload[i] = i;
        }
        assertEquals(16, ch[0].trySendBatch(9, payload, 0, 7, 40));
        assertEquals(16, ch[0].counters().messagesSent());
        final List<Received> got = new ArrayList<>();
        assertEquals(5, ch[1].poll((c, t, p, n) -> got.add(new Received(t, Arrays.copyOf(p, n))), 5));
        assertEquals(11, ch[1].poll((c, t, p, n) -> got.add(new Received(t, Arrays.copyOf(p, n))), 100));
        for (int m = 0; m < 16; m++)
        {
            assertArrayEquals(Arrays.copyOfRange(payload, m * 7, m * 7 + 7), got.get(m).words());
        }
        assertEquals(0, ch[0].trySendBatch(9, payload, 0, 7, 0));
    }

    @Test
    void batchesOfShortAndMultiSlotMessagesArriveWholeAcrossTheWrap()
    {
        final Channel[] ch = newPair(8);
        long seed = 0;
        // 3 rounds of every shape, each 5 messages in as many batches as the ring's credit allows, so
        // batches start mid-ring and wrap; messages of 10 and 15 words take two and three slots.
        for (int round = 0; round < 3; round++)
        {
            for (final int wordsPerMessage : new int[] {3, 7, 10, 15})
            {
                final int count = 5;
                final long[] payload = new long[wordsPerMessage * count];
                for (int m = 0; m < count; m++)
                {
                    System.arraycopy(words(wordsPerMessage, seed + m), 0, payload, m * wordsPerMessage, wordsPerMessage);
                }
                final int slotsPerMessage = (wordsPerMessage + 6) / 7;
                final List<Received> got = new ArrayList<>();
                int sentSoFar = 0;
                while (sentSoFar < count)
                {
                    final int sent = ch[0].trySendBatch(4, payload, sentSoFar * wordsPerMessage, wordsPerMessage,
                        count - sentSoFar);
                    assertTrue(sent >= 1 && sent <= 8 / slotsPerMessage,
                        "after a drain a batch makes progress and stops where the ring is full: " + sent);
                    sentSoFar += sent;
                    got.addAll(drain(ch[1]));
                    assertEquals(sentSoFar, got.size(), "every message sent arrived");
                }
                for (int m = 0; m < count; m++)
                {
                    assertEquals(4, got.get(m).type());
                    assertArrayEquals(words(wordsPerMessage, seed + m), got.get(m).words(),
                        "message " + m + " of " + wordsPerMessage + " words, round " + round);
                }
                seed += count;
            }
        }
        assertTrue(drain(ch[1]).isEmpty());
    }

    @Test
    void multiSlotMessagesArriveWhole()
    {
        final Channel[] ch = newPair(32);
        final int max = ch[0].maxMessageWords();
        assertEquals(32 * 7, max);
        final int[] lengths = {0, 1, 6, 7, 8, 13, 14, 15, 50};
        for (final int length : lengths)
        {
            assertTrue(ch[0].trySend(length, words(length, length), 0, length), "length " + length);
            final List<Received> got = drain(ch[1]);
            assertEquals(1, got.size());
            assertEquals(length, got.getFirst().type());
            assertArrayEquals(words(length, length), got.getFirst().words());
        }
        assertTrue(ch[0].trySend(7, words(max, 1), 0, max), "a message may fill the whole ring");
        assertArrayEquals(words(max, 1), drain(ch[1]).getFirst().words());
        assertEquals(lengths.length + 1, ch[1].counters().messagesReceived());
    }

    @Test
    void repliesCarryAcknowledgementsSoPingPongNeverStalls()
    {
        final Channel[] ch = newPair(4);
        final AtomicReference<Long> echoed = new AtomicReference<>();
        for (long i = 0; i < 1_000; i++)
        {
            assertTrue(ch[0].trySend(1, i), "ping " + i);
            assertEquals(1, ch[1].poll((c, t, p, n) -> assertTrue(c.trySend(2, p[0])), 10));
            assertEquals(1, ch[0].poll((c, t, p, n) -> echoed.set(p[0]), 10));
            assertEquals(i, echoed.get());
        }
        assertEquals(0, ch[0].counters().fullRingStalls());
        assertEquals(0, ch[1].counters().fullRingStalls());
    }

    @Test
    void countersCountMessagesAndBytes()
    {
        final Channel[] ch = newPair(8);
        ch[0].trySend(1, new long[3], 0, 3);
        ch[0].trySend(1, 5L);
        drain(ch[1]);
        assertEquals(2, ch[0].counters().messagesSent());
        assertEquals(32, ch[0].counters().bytesSent());
        assertEquals(2, ch[1].counters().messagesReceived());
        assertEquals(32, ch[1].counters().bytesReceived());
    }

    @Test
    void badInputIsRefusedWithAClearErrorAndSendsNothing()
    {
        final Channel[] ch = newPair(4);
        final IllegalArgumentException badType = assertThrows(IllegalArgumentException.class,
            () -> ch[0].trySend(-1, 1L));
        assertTrue(badType.getMessage().contains("0..65535"), badType.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ch[0].trySend(65_536, new long[1], 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> ch[0].trySend(1, new long[2], 1, 2));
        final IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
            () -> ch[0].trySend(1, new long[29], 0, 29));
        assertTrue(tooLong.getMessage().contains("at most 28 words"), tooLong.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> ch[0].trySendBatch(1, new long[10], 0, 7, 2));
        assertTrue(drain(ch[1]).isEmpty(), "nothing was sent");
        assertEquals(0, ch[0].counters().messagesSent());
        assertThrows(IllegalArgumentException.class, () -> newPair(3), "ring size must be a power of two");
        assertThrows(IllegalArgumentException.class, () -> newPair(1 << 16));
    }

    @Test
    void hasPendingSeesAWaitingMessageWithoutConsumingIt()
    {
        final Channel[] ch = newPair(4);
        assertFalse(ch[1].hasPending());
        ch[0].trySend(1, 1L);
        assertTrue(ch[1].hasPending());
        assertTrue(ch[1].hasPending());
        assertEquals(1, drain(ch[1]).size());
        assertFalse(ch[1].hasPending());
    }

    /**
     * Ten million messages of varying length, across two threads where the transport allows it:
     * every one arrives once, in order, with the payload it was sent with.
     */
    @Test
    void tenMillionMessagesWithoutLossDuplicationOrReordering() throws Exception
    {
        final int total = 10_000_000;
        final Channel[] ch = newPair(32);
        final Verifier verifier = new Verifier();
        final long[] buffer = new long[24];
        if (!crossThread())
        {
            long sent = 0;
            while (verifier.received < total)
            {
                while (sent < total && ch[0].trySend(1, fill(buffer, sent), 0, lengthOf(sent)))
                {
                    sent++;
                }
                ch[1].poll(verifier, 64);
            }
        }
        else
        {
            final Thread sender = Thread.ofPlatform().name("sender").start(() ->
            {
                final long[] out = new long[24];
                long sent = 0;
                while (sent < total)
                {
                    if (ch[0].trySend(1, fill(out, sent), 0, lengthOf(sent)))
                    {
                        sent++;
                    }
                    else
                    {
                        Thread.onSpinWait();
                    }
                }
            });
            final long deadline = System.nanoTime() + 120_000_000_000L;
            while (verifier.received < total && System.nanoTime() < deadline && verifier.error == null)
            {
                if (ch[1].poll(verifier, 64) == 0)
                {
                    Thread.onSpinWait();
                }
            }
            sender.join(10_000);
            assertFalse(sender.isAlive(), "sender finished");
        }
        assertNull(verifier.error);
        assertEquals(total, verifier.received);
        assertFalse(ch[1].hasPending(), "nothing was duplicated");
        assertEquals(total, ch[0].counters().messagesSent());
    }

    /** A million messages across two threads through the in-place read path and the seven-word send. */
    @Test
    void aMillionMessagesReadInPlaceWithoutLossDuplicationOrReordering() throws Exception
    {
        final int total = 1_000_000;
        final Channel[] ch = newPair(32);
        final long[] next = {0};
        final String[] error = {null};
        final MessageReader check = (c, type, view) ->
        {
            final long seq = next[0];
            if (view.length() != 7 || view.word(0) != seq || view.word(6) != seq * 7)
            {
                error[0] = "message " + seq + " read as " + java.util.Arrays.toString(view.toArray());
            }
            next[0]++;
        };
        final Runnable send = () ->
        {
            long sent = 0;
            while (sent < total)
            {
                if (ch[0].trySend(1, sent, 1, 2, 3, 4, 5, sent * 7))
                {
                    sent++;
                }
                else if (!crossThread())
                {
                    ch[1].read(check, 64);
                }
            }
        };
        if (crossThread())
        {
            final Thread sender = Thread.ofPlatform().start(send);
            final long deadline = System.nanoTime() + 60_000_000_000L;
            while (next[0] < total && System.nanoTime() < deadline && error[0] == null)
            {
                ch[1].read(check, 64);
            }
            sender.join(10_000);
        }
        else
        {
            send.run();
            while (ch[1].read(check, 64) > 0)
            {
                // drain the rest
            }
        }
        assertNull(error[0]);
        assertEquals(total, next[0]);
    }

    private static int lengthOf(final long seq)
    {
        return seq % 97 == 0 ? 20 : 1 + (int)(seq % 7);
    }

    private static long[] fill(final long[] out, final long seq)
    {
        final int length = lengthOf(seq);
        out[0] = seq;
        for (int i = 1; i < length; i++)
        {
            out[i] = seq ^ (0x9E3779B97F4A7C15L * i);
        }
        return out;
    }

    /** Checks each message against what the sender must have written for the next sequence number. */
    private static final class Verifier implements MessageHandler
    {
        long received;
        String error;

        @Override
        public void onMessage(final Channel channel, final int type, final long[] payload, final int length)
        {
            if (error != null)
            {
                return;
            }
            final long seq = received;
            if (payload[0] != seq || length != lengthOf(seq))
            {
                error = "expected message " + seq + " (" + lengthOf(seq) + " words), got " + payload[0] + " ("
                    + length + " words)";
                return;
            }
            for (int i = 1; i < length; i++)
            {
                if (payload[i] != (seq ^ (0x9E3779B97F4A7C15L * i)))
                {
                    error = "message " + seq + " word " + i + " is corrupt";
                    return;
                }
            }
            received++;
        }
    }
}
