package dev.flotilla.monitor.agreement;

import static dev.flotilla.monitor.agreement.Ledger.change;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Port;
import dev.flotilla.idl.Reply;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.skb.Strategy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One- and two-phase commit along the SKB's broadcast tree of the 8x4-core AMD, whose root writes each phase once
 * into its broadcast channel (stepped cores over real UMP channels and a real broadcast ring): the coordinator sends
 * one ring record per phase and no message per core, counted on the ring's and the channels' own counters; a no and
 * a core stalled past the bound give every core the same decision as on the other trees; pipelined rounds through a
 * ring that holds one prepare at a time are decided and applied in the order they started.
 */
class BroadcastAgreementTest
{
    private static final int TABLE = 9;
    private static final MulticastTree BROADCAST = SteppedCores.skbTree("amd-8x4", Strategy.BROADCAST, 13);

    @Test
    void theCoordinatorWritesEachPhaseOnceIntoItsRingAndSendsNoMessagePerCore()
    {
        try (SteppedCores system = new SteppedCores(32))
        {
            final List<Ledger> ledgers = system.ledgers(TABLE);
            assertTrue(BROADCAST.broadcast());
            run(system, d -> system.at(13).twoPhase(TABLE, BROADCAST, change("first"), d)); // joins the readers
            final long ring = system.ring(13).written();
            final long sent = sent(system.ports(13));
            final long received = received(system.ports(13));
            assertNull(run(system, d -> system.at(13).twoPhase(TABLE, BROADCAST, change("2pc"), d)));
            assertEquals(2, system.ring(13).written() - ring, "prepare and decide, once each");
            assertEquals(0, sent(system.ports(13)) - sent, "no prepare or decide on a channel");
            assertEquals(2 * 31, received(system.ports(13)) - received, "a vote and a decided from each core");
            assertNull(run(system, d -> system.at(13).onePhase(TABLE, BROADCAST, change("1pc"), d)));
            assertEquals(3, system.ring(13).written() - ring, "apply, once");
            assertEquals(0, sent(system.ports(13)) - sent);
            assertEquals(3 * 31, received(system.ports(13)) - received, "an applied from each core");
            ledgers.forEach(l -> assertEquals(List.of("first", "2pc", "1pc"), l.committed, "core " + l.core));
            final MulticastTree unicast = SteppedCores.skbTree("amd-8x4", Strategy.UNICAST, 13);
            assertNull(run(system, d -> system.at(13).twoPhase(TABLE, unicast, change("flat"), d)));
            assertEquals(3, system.ring(13).written() - ring, "the unicast tree leaves the ring alone");
            assertEquals(2 * 31, sent(system.ports(13)) - sent, "a prepare and a decide to each core");
            for (int core = 0; core < 32; core++)
            {
                assertEquals(0, system.ring(core).rejected(), "core " + core + " refused a record");
                assertEquals(core != 13, system.ring(core).reads(13), "core " + core + " reads core 13's ring");
            }
        }
    }

    @Test
    void aNoVoteAbortsOnEveryCore()
    {
        try (SteppedCores system = new SteppedCores(32))
        {
            final List<Ledger> ledgers = system.ledgers(TABLE, 30);
            assertEquals(ErrorCode.AGREEMENT_VOTED_NO,
                run(system, d -> system.at(13).twoPhase(TABLE, BROADCAST, change("no"), d)));
            system.settle();
            for (final Ledger l : ledgers)
            {
                assertEquals(List.of(), l.committed, "core " + l.core);
                assertEquals(List.of(), l.prepared, "core " + l.core + " still holds the change");
                assertEquals(l.core == 30 ? List.of() : List.of("no"), l.aborted, "core " + l.core);
            }
        }
    }

    @Test
    void aCoreStalledPastTheBoundAbortsForEveryCoreAndAbortsItselfOnceItRuns()
    {
        try (SteppedCores system = new SteppedCores(32))
        {
            final List<Ledger> ledgers = system.ledgers(TABLE);
            system.stall(5);
            final long start = system.now();
            assertEquals(ErrorCode.AGREEMENT_TIMEOUT,
                run(system, d -> system.at(13).twoPhase(TABLE, BROADCAST, change("s"), d)));
            assertTrue(system.now() - start >= SteppedCores.BOUND_NS, "aborted only after the bound");
            system.settle();
            for (final Ledger l : ledgers)
            {
                assertEquals(List.of(), l.committed, "core " + l.core);
                assertEquals(l.core == 5 ? List.of() : List.of("s"), l.aborted, "core " + l.core);
            }
            system.resume(5);
            system.settle();
            assertEquals(List.of("-s"), ledgers.get(5).decisions, "it prepares, then takes the abort behind it");
            assertEquals(List.of(), ledgers.get(5).prepared);
            assertEquals(List.of(), ledgers.get(5).committed);
            assertEquals(0, system.at(5).inFlight());
        }
    }

    @Test
    void aStalledLeafTimesOutOnePhaseCommitAndAppliesItOnceItRuns()
    {
        try (SteppedCores system = new SteppedCores(32))
        {
            final List<Ledger> ledgers = system.ledgers(TABLE);
            system.stall(31);
            assertEquals(ErrorCode.AGREEMENT_TIMEOUT,
                run(system, d -> system.at(13).onePhase(TABLE, BROADCAST, change("o"), d)));
            ledgers.forEach(l -> assertEquals(l.core == 31 ? List.of() : List.of("o"), l.committed, "core " + l.core));
            system.resume(31);
            system.settle();
            assertEquals(List.of("o"), ledgers.get(31).committed);
        }
    }

    @Test
    void pipelinedRoundsAreDecidedAndAppliedInTheOrderTheyStarted()
    {
        try (SteppedCores system = new SteppedCores(32, 2)) // a ring that holds one prepare at a time
        {
            final MulticastTree tree = SteppedCores.skbTree("amd-8x4", Strategy.BROADCAST, 0);
            PipelinedRounds.run(system, TABLE, tree, () ->
                assertTrue(system.ring(0).sendWaiting(), "records wait for room in the ring, in order"));
            system.settle();
            assertEquals(48, system.ring(0).written(), "a prepare and a decide per round");
            assertEquals(0, system.at(0).inFlight());
        }
    }

    @Test
    void aSubsetOfTheBroadcastTreeIsWrittenForItsCoresOnly()
    {
        try (SteppedCores system = new SteppedCores(32))
        {
            final List<Ledger> ledgers = system.ledgers(TABLE);
            final List<Integer> over = List.of(13, 2, 17, 29);
            assertNull(run(system, d -> system.at(13).twoPhase(TABLE, over, BROADCAST, change("few"), d)));
            system.settle();
            ledgers.forEach(l -> assertEquals(over.contains(l.core) ? List.of("few") : List.of(), l.committed,
                "core " + l.core));
            assertEquals(2, system.ring(13).written());
        }
    }

    /** Starts a round, steps until it is answered and returns its answer. */
    private static ErrorCode run(final SteppedCores system,
        final java.util.function.Consumer<dev.flotilla.idl.Completion<Void>> start)
    {
        final Reply<Void> done = new Reply<>();
        start.accept(done);
        system.runUntil(done::isDone, 100_000);
        return done.error();
    }

    private static long sent(final List<Port> ports)
    {
        return ports.stream().mapToLong(p -> p.channel().counters().messagesSent()).sum();
    }

    private static long received(final List<Port> ports)
    {
        return ports.stream().mapToLong(p -> p.channel().counters().messagesReceived()).sum();
    }
}
