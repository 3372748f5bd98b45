package dev.flotilla.idl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.idl.kitchen.Kitchen;
import dev.flotilla.idl.kitchen.KitchenBinding;
import dev.flotilla.idl.kitchen.OtherBinding;
import dev.flotilla.idl.kitchen.OtherHandler;
import dev.flotilla.urpc.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every generated binding must do on every transport: carry each argument kind intact, answer
 * calls, refuse bad messages without throwing, wait in order when the ring is full, and close cleanly.
 * Written once; run on LMP, UMP and the simulator's transport by the subclasses (each runs
 * {@link CapabilityCarrierContractTest} too, nested).
 */
abstract class BindingContractTest extends BindingFixture
{
    @Test
    void everyScalarKindTravelsIntactAtItsExtremes()
    {
        open(8);
        client.scalars(Byte.MIN_VALUE, Short.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, true);
        client.scalars((byte)0, (short)-1, 0, -1L, false);
        client.empty();
        pump();
        assertEquals(List.of("scalars -128 32767 -2147483648 9223372036854775807 true", "scalars 0 -1 0 -1 false", "empty"),
            recorder.seen);
        assertEquals(0, serverPort.rejected());
    }

    @Test
    void textsBytesWordsAndCodesTravelIntactAcrossSeveralSlots()
    {
        open(16);
        final String longText = "Grüße, 多核 — " + "x".repeat(150);
        client.texts(longText, new byte[] {1, -1, 127, -128, 0, 9, 10, 11, 12}, new long[] {Long.MIN_VALUE, 0, 42},
            ErrorCode.REVOKE_FIRST);
        client.texts("", new byte[0], new long[0], null);
        pump();
        assertEquals(List.of("texts " + longText + " [1, -1, 127, -128, 0, 9, 10, 11, 12] [-9223372036854775808, 0, 42] "
            + "REVOKE_FIRST", "texts  [] [] null"), recorder.seen);
    }

    @Test
    void callsAreAnsweredWithValuesRecordsNothingOrAnError()
    {
        open(8);
        final Got<Integer> sum = new Got<>();
        final Got<Kitchen.Where> where = new Got<>();
        final Got<Kitchen.Where> missing = new Got<>();
        final Got<Void> ping = new Got<>();
        final Got<String> echo = new Got<>();
        client.add(40, 2, sum);
        client.lookup("skb", where);
        client.lookup("missing", missing);
        client.ping(ping);
        client.echo("über", echo);
        assertEquals(5, client.outstanding());
        pump();
        assertEquals(42, sum.result);
        assertNull(sum.error);
        assertEquals(new Kitchen.Where(null, 3, "SKB"), where.result);
        assertNull(missing.result);
        assertEquals(ErrorCode.SERVICE_NOT_FOUND, missing.error);
        assertEquals(1, ping.calls);
        assertNull(ping.error);
        assertEquals("über", echo.result);
        assertEquals(0, client.outstanding());
    }

    @Test
    void aServerMayAnswerLaterAndOutOfOrder()
    {
        open(8);
        final Got<Kitchen.Where> first = new Got<>();
        final Got<Kitchen.Where> second = new Got<>();
        client.lookup("later", first);
        client.lookup("later", second);
        pump();
        assertEquals(0, first.calls + second.calls);
        recorder.deferred.get(1).reply(new Kitchen.Where(ErrorCode.OUT_OF_MEMORY, 2, "two"));
        pump();
        assertEquals(new Kitchen.Where(ErrorCode.OUT_OF_MEMORY, 2, "two"), second.result);
        assertEquals(0, first.calls);
        recorder.deferred.get(0).reply(null, 1, "one");
        pump();
        assertEquals("one", first.result.name());
        assertThrows(IllegalStateException.class, () -> recorder.deferred.get(0).reply(null, 1, "again"),
            "a call is answered once");
    }

    @Test
    void theTryFormSaysBusyWhenTheRingIsFullAndTheQueueingFormKeepsOrder()
    {
        open(2);
        int sent = 0;
        while (client.tryScalars((byte)0, (short)0, sent, 0, false) == TxStatus.SENT)
        {
            sent++;
        }
        assertTrue(sent >= 1 && sent <= 2, "a ring of two one-slot messages took " + sent);
        assertEquals(TxStatus.BUSY, client.tryEmpty(), "nothing is sent while the ring is full");
        for (int i = sent; i < 10; i++)
        {
            client.scalars((byte)0, (short)0, i, 0, false);
        }
        assertEquals(10 - sent, clientPort.waiting());
        assertTrue(clientPort.sendWaiting(), "messages wait only for room: the port's core must keep polling");
        assertEquals(TxStatus.BUSY, client.tryEmpty(), "nothing overtakes messages that wait");
        pump();
        assertFalse(clientPort.sendWaiting());
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            expected.add("scalars 0 0 " + i + " 0 false");
        }
        assertEquals(expected, recorder.seen);
        assertEquals(TxStatus.SENT, client.tryEmpty());
    }

    @Test
    void badMessagesAreCountedAndReportedAndNeverReachAHandler()
    {
        open(16);
        final Channel raw = clientPort.channel();
        final int kitchen = KitchenBinding.ID << 8;
        final List<Rejection> heard = new ArrayList<>();
        serverPort.onRejection(heard::add);
        assertTrue(raw.trySend(kitchen | 1, new long[] {1, 2, 3}, 0, 3), "scalars cut short");
        assertTrue(raw.trySend(kitchen | 1, new long[] {1, 2, 3, 4, 1, 99}, 0, 6), "a word left over");
        assertTrue(raw.trySend(kitchen | 1, new long[] {1, 2, 3, 4, 2}, 0, 5), "2 is no boolean");
        assertTrue(raw.trySend(kitchen | 1, new long[] {1000, 2, 3, 4, 1}, 0, 5), "1000 is no byte");
        assertTrue(raw.trySend(kitchen | 2, new long[] {40, 0, 0, 0, 0}, 0, 5), "text claims 40 bytes in none");
        assertTrue(raw.trySend(kitchen | 2, new long[] {1, 0xFF, 0, 0, 0}, 0, 5), "0xFF is no UTF-8 text");
        assertTrue(raw.trySend(kitchen | 2, new long[] {0, 0, 0, 12345}, 0, 4), "12345 is no error code");
        assertTrue(raw.trySend(kitchen | 200, new long[0], 0, 0), "message 200 is not declared");
        assertTrue(raw.trySend(99 << 8 | 1, new long[0], 0, 0), "interface 99 is not carried");
        pump();
        assertEquals(List.of(), recorder.seen, "no handler saw any of them");
        assertEquals(9, serverPort.rejected());
        assertEquals(List.of(ErrorCode.RX_INVALID_LENGTH, ErrorCode.RX_INVALID_LENGTH, ErrorCode.RX_INVALID_ARGUMENT,
            ErrorCode.RX_INVALID_ARGUMENT, ErrorCode.RX_INVALID_LENGTH, ErrorCode.RX_INVALID_ARGUMENT,
            ErrorCode.RX_INVALID_ARGUMENT, ErrorCode.RX_INVALID_MSGNUM, ErrorCode.RX_INVALID_MSGNUM),
            heard.stream().map(Rejection::code).toList());
        assertTrue(heard.get(0).detail().contains("Kitchen.scalars") && heard.get(0).detail().contains("'l'"),
            heard.get(0).detail());
        assertTrue(heard.get(8).detail().contains("id 99") && heard.get(8).detail().contains("Kitchen (7)"),
            heard.get(8).detail());
        client.empty();
        pump();
        assertEquals(List.of("empty"), recorder.seen, "the port goes on working");
    }

    @Test
    void aReplyToNoOutstandingCallIsRejected()
    {
        open(8);
        final Channel raw = serverPort.channel();
        assertTrue(raw.trySend(KitchenBinding.ID << 8 | 6, new long[] {77, 0, 5}, 0, 3), "add's response, token 77");
        pump();
        assertEquals(1, clientPort.rejected());
        assertEquals(ErrorCode.RX_UNKNOWN_REPLY, clientPort.recentRejections().get(0).code());
    }

    @Test
    void aSideWithoutAHandlerReportsTheMessageAndFailsTheCall()
    {
        open(8);
        final Got<Integer> sum = new Got<>();
        server.add(1, 2, sum); // the client side handles nothing
        server.empty();
        pump();
        assertEquals(ErrorCode.UNHANDLED_MESSAGE, sum.error);
        assertEquals(2, clientPort.rejected());
        assertTrue(clientPort.recentRejections().get(1).detail().contains("Kitchen.empty"));
    }

    @Test
    void severalClientsShareOneServerHandlerAndEachGetsItsOwnReplies()
    {
        final Recorder shared = new Recorder();
        final List<Port> clients = new ArrayList<>();
        final List<Port> servers = new ArrayList<>();
        final Map<Integer, Got<Kitchen.Where>> answers = new HashMap<>();
        final List<KitchenBinding> stubs = new ArrayList<>();
        final List<Channel[]> pairs = new ArrayList<>();
        for (int c = 0; c < 3; c++)
        {
            pairs.add(newPair(4));
        }
        for (int c = 0; c < 3; c++)
        {
            clients.add(new Port(pairs.get(c)[0]));
            servers.add(new Port(pairs.get(c)[1]));
            new KitchenBinding(servers.get(c), shared);
            stubs.add(new KitchenBinding(clients.get(c)));
        }
        for (int c = 0; c < 3; c++)
        {
            final Got<Kitchen.Where> got = new Got<>();
            answers.put(c, got);
            stubs.get(c).lookup("client-" + c, got);
        }
        for (int round = 0; round < 100; round++)
        {
            for (int c = 0; c < 3; c++)
            {
                clients.get(c).poll(16);
                servers.get(c).poll(16);
            }
        }
        for (int c = 0; c < 3; c++)
        {
            assertEquals("CLIENT-" + c, answers.get(c).result.name());
        }
    }

    @Test
    void closingFailsOutstandingCallsOnBothSidesAndRefusesFurtherSends()
    {
        open(8);
        final Got<Kitchen.Where> waiting = new Got<>();
        client.lookup("later", waiting);
        pump();
        final Got<Integer> theOtherWay = new Got<>();
        server.add(1, 1, theOtherWay);
        serverPort.close();
        assertEquals(ErrorCode.CHANNEL_CLOSED, theOtherWay.error, "the closing side's own calls fail at once");
        assertTrue(recorder.closed);
        pump();
        assertTrue(clientPort.isClosed() && clientPort.closedByPeer());
        assertEquals(ErrorCode.CHANNEL_CLOSED, waiting.error, "the call the stopped server never answered fails");
        final Got<Integer> afterwards = new Got<>();
        client.add(1, 2, afterwards);
        assertEquals(ErrorCode.CHANNEL_CLOSED, afterwards.error, "a call on a closed channel fails at once");
        assertEquals(TxStatus.CLOSED, client.tryEmpty());
        final FlotillaException refused = assertThrows(FlotillaException.class, client::empty);
        assertEquals(ErrorCode.CHANNEL_CLOSED, refused.code());
        recorder.deferred.get(0).reply(null, 0, "too late"); // dropped, not thrown
        pump();
        assertEquals(List.of(ErrorCode.UNHANDLED_MESSAGE), clientPort.recentRejections().stream().map(Rejection::code)
            .toList(), "only the server's add, which the client does not handle; the late reply never left");
    }

    @Test
    void aMessageLongerThanTheChannelCarriesIsRefusedAtTheSender()
    {
        open(2);
        final FlotillaException e = assertThrows(FlotillaException.class,
            () -> client.texts("x".repeat(1000), new byte[0], new long[0], null));
        assertEquals(ErrorCode.MESSAGE_TOO_LONG, e.code());
        assertTrue(e.getMessage().contains("at most"), e.getMessage());
        assertEquals(0, clientPort.sent());
    }

    @Test
    void aBlockingCallWaitsWithThePortsBlockerAndFailsClearlyWithoutOne()
    {
        open(8);
        final IllegalStateException none = assertThrows(IllegalStateException.class, () -> client.add(1, 2));
        assertTrue(none.getMessage().contains("user-level thread"), none.getMessage());
        final int[] waits = new int[1];
        clientPort.blocker(reply ->
        {
            waits[0]++;
            while (!reply.isDone())
            {
                pump(); // stands in for the dispatcher running while the thread waits
            }
        });
        assertEquals(7, client.add(3, 4));
        assertEquals("SKB", client.lookup("skb").name());
        client.ping();
        final FlotillaException failed = assertThrows(FlotillaException.class, () -> client.lookup("missing"));
        assertEquals(ErrorCode.SERVICE_NOT_FOUND, failed.code());
        assertEquals(4, waits[0], "every blocking call with a blocker waited for its reply");
    }

    @Test
    void twoInterfacesShareOnePortAndEachMessageReachesItsOwn()
    {
        open(8);
        final List<Long> notes = new ArrayList<>();
        new OtherBinding(serverPort, new OtherHandler()
        {
            @Override
            public void onNote(final OtherBinding from, final long value)
            {
                notes.add(value);
            }
        });
        final OtherBinding other = new OtherBinding(clientPort);
        client.empty();
        other.note(5);
        client.empty();
        other.note(6);
        pump();
        assertEquals(List.of("empty", "empty"), recorder.seen);
        assertEquals(List.of(5L, 6L), notes);
        final IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
            () -> new KitchenBinding(clientPort));
        assertTrue(twice.getMessage().contains("already carries interface Kitchen with id 7"), twice.getMessage());
    }

    @Test
    void messageNamesAndNumbersFollowTheDeclaration()
    {
        open(8);
        assertEquals(List.of("", "scalars", "texts", "empty", "capability", "add_call", "add_response", "lookup_call",
            "lookup_response", "ping_call", "ping_response", "echo_call", "echo_response", "weigh_call", "weigh_response"),
            client.messageNames());
        assertEquals(7, client.interfaceId());
        assertEquals("Kitchen", client.interfaceName());
        assertFalse(client.port().isClosed());
        assertArrayEquals(new long[0], new long[0]);
    }
}
