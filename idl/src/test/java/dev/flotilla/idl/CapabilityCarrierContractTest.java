package dev.flotilla.idl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.kitchen.KitchenBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every generated binding must do with capability arguments on every transport: a capability goes through
 * the port's carrier (and only where there is one), a message waits until its capability arrived and keeps the
 * channel's order, and one whose capability cannot arrive or be taken is dropped, its call failing with the code.
 */
abstract class CapabilityCarrierContractTest extends BindingFixture
{
    /**
     * A carrier whose capabilities take their time, as across cores through the monitors: each word given is
     * under way until the test says it {@link #arrive arrived} or {@link #refuse was refused}; the receiving side
     * takes what arrived, or fails with the code the test set.
     */
    static final class SlowCarrier implements CapabilityCarrier
    {
        final Map<Long, Object> given = new HashMap<>();
        final java.util.Set<Long> arrived = new java.util.HashSet<>();
        final Map<Long, ErrorCode> refused = new HashMap<>();
        final List<Long> forgotten = new ArrayList<>();
        ErrorCode cannotTake;
        long next = 500;

        @Override
        public long give(final Object capability)
        {
            given.put(next, capability);
            return next++;
        }

        void arrive(final long word)
        {
            arrived.add(word);
        }

        void refuse(final long word, final ErrorCode code)
        {
            arrived.add(word);
            refused.put(word, code);
        }

        @Override
        public boolean arrived(final long word)
        {
            return arrived.contains(word);
        }

        @Override
        public ErrorCode failure(final long word)
        {
            return refused.get(word);
        }

        @Override
        public void forget(final long word)
        {
            forgotten.add(word);
        }

        @Override
        public Object take(final long word)
        {
            if (cannotTake != null)
            {
                throw new FlotillaException(cannotTake, "the receiver cannot take " + word);
            }
            return given.remove(word);
        }
    }

    @Test
    void capabilitiesTravelThroughThePortsCarrierAndOnlyWhereOneExists()
    {
        open(8);
        final FlotillaException none = assertThrows(FlotillaException.class,
            () -> client.capability(CapRef.of(3, 4), "frame"));
        assertEquals(ErrorCode.CAP_TRANSFER_UNAVAILABLE, none.code());
        final Map<Long, Object> given = new HashMap<>();
        final CapabilityCarrier carrier = new CapabilityCarrier()
        {
            @Override
            public long give(final Object capability)
            {
                given.put(100L + given.size(), capability);
                return 99L + given.size();
            }

            @Override
            public Object take(final long word)
            {
                final Object cap = given.remove(word);
                if (cap == null)
                {
                    throw new IllegalArgumentException("nothing was given as " + word);
                }
                return CapRef.of(((CapRef)cap).l1Index() + 10, ((CapRef)cap).l2Slot());
            }
        };
        clientPort.carrier(carrier);
        serverPort.carrier(carrier);
        client.capability(CapRef.of(3, 4), "frame");
        pump();
        assertEquals(List.of("capability " + CapRef.of(13, 4) + " frame"), recorder.seen);
        assertTrue(clientPort.channel().trySend(KitchenBinding.ID << 8 | 4, new long[] {555, 0}, 0, 2));
        pump();
        assertEquals(ErrorCode.RX_INVALID_ARGUMENT, serverPort.recentRejections().get(0).code());
    }

    @Test
    void aMessageLeavesOnlyOnceItsCapabilityArrivedAndKeepsTheChannelsOrder()
    {
        open(8);
        final SlowCarrier carrier = new SlowCarrier();
        clientPort.carrier(carrier);
        serverPort.carrier(carrier);
        client.capability(CapRef.of(3, 4), "first");
        client.empty();
        assertEquals(TxStatus.SENT, client.tryCapability(CapRef.of(3, 5), "tried"), "accepted: its capability is under way");
        pump();
        assertEquals(List.of(), recorder.seen, "nothing leaves before the capability it carries arrived");
        assertEquals(3, clientPort.waiting());
        assertFalse(clientPort.hasWork(), "a message waiting only for its capability is no work");
        assertFalse(clientPort.sendWaiting(), "the capability's arrival is announced on another port");

        carrier.arrive(500);
        assertTrue(clientPort.hasWork());
        pump();
        assertEquals(List.of("capability " + CapRef.of(3, 4) + " first", "empty"), recorder.seen,
            "the first went, the message behind it followed in order; the third waits for its own");
        carrier.arrive(501);
        pump();
        assertEquals("capability " + CapRef.of(3, 5) + " tried", recorder.seen.get(2));
        assertEquals(List.of(500L, 501L), carrier.forgotten);
        assertEquals(0, clientPort.undelivered());
    }

    @Test
    void aMessageWhoseCapabilityCannotArriveIsDroppedAndItsCallFailsWithTheCode()
    {
        open(8);
        final SlowCarrier carrier = new SlowCarrier();
        clientPort.carrier(carrier);
        serverPort.carrier(carrier);
        final Got<String> weighed = new Got<>();
        client.weigh(CapRef.of(2, 2), weighed);
        client.empty();
        carrier.refuse(500, ErrorCode.CAP_NOT_TRANSFERABLE);
        pump();
        assertEquals(ErrorCode.CAP_NOT_TRANSFERABLE, weighed.error);
        assertEquals(List.of("empty"), recorder.seen, "the channel goes on after the dropped message");
        assertEquals(1, clientPort.undelivered());
        assertEquals(ErrorCode.CAP_NOT_TRANSFERABLE, clientPort.recentRejections().getFirst().code());
        assertEquals(0, client.outstanding());

        // The receiver cannot take the capability that arrived (its receive CNode is full): the call is answered.
        carrier.cannotTake = ErrorCode.SLOT_ALLOC_NO_SPACE;
        final Got<String> full = new Got<>();
        client.weigh(CapRef.of(2, 3), full);
        carrier.arrive(501);
        pump();
        assertEquals(ErrorCode.SLOT_ALLOC_NO_SPACE, full.error);
        assertEquals(ErrorCode.SLOT_ALLOC_NO_SPACE, serverPort.recentRejections().getFirst().code());
        carrier.cannotTake = null;
        final Got<String> fine = new Got<>();
        client.weigh(CapRef.of(2, 4), fine);
        carrier.arrive(502);
        pump();
        assertEquals("weighed " + CapRef.of(2, 4), fine.result);
    }
}
