package dev.flotilla.monitor.agreement;

import static dev.flotilla.monitor.agreement.Ledger.change;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Reply;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.skb.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One- and two-phase commit on stepped cores over real channels, along the SKB's trees of the paper's
 * machines (2, 4 and 32 cores; broadcast, unicast, multicast per package, NUMA-aware multicast): every core
 * ends in the same decision, pipelined rounds are decided in order, a no aborts everywhere, a stalled core
 * aborts the round at the bound, and bad rounds are refused with their codes.
 */
class AgreementTest
{
    private static final int TABLE = 7;

    static Stream<Arguments> trees()
    {
        final List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("2 cores, flat from core 1", 2, MulticastTree.flat(1, 2)));
        for (final Strategy strategy : Strategy.values())
        {
            out.add(Arguments.of("generic:2x2 " + strategy, 2, SteppedCores.skbTree("generic:2x2", strategy, 0)));
            out.add(Arguments.of("amd-2x2 " + strategy, 4, SteppedCores.skbTree("amd-2x2", strategy, 0)));
            out.add(Arguments.of("amd-8x4 " + strategy + " from core 13", 32,
                SteppedCores.skbTree("amd-8x4", strategy, 13)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void twoPhaseCommitReachesEveryCore(final String name, final int cores, final MulticastTree tree)
    {
        try (SteppedCores system = new SteppedCores(cores))
        {
            final List<Ledger> ledgers = system.ledgers(TABLE);
            final Reply<Void> done = new Reply<>();
            system.at(tree.core()).twoPhase(TABLE, tree, change("x"), done);
            system.runUntil(done::isDone, 100_000);
            assertNull(done.error());
            ledgers.forEach(l -> assertEquals(List.of("x"), l.committed, "core " + l.core));
            ledgers.forEach(l -> assertTrue(l.prepared.isEmpty(), "core " + l.core));
            system.settle();
            for (int core = 0; core < cores; core++)
            {
                assertEquals(0, system.at(core).inFlight(), "core " + core + " still holds the round");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void onePhaseCommitReachesEveryCore(final String name, final int cores, final MulticastTree tree)
    {
        try (SteppedCores system = new SteppedCores(cores))
        {
            final List<Ledger> ledgers = system.ledgers(TABLE);
            final Reply<Void> done = new Reply<>();
            system.at(tree.core()).onePhase(TABLE, tree, change("y"), done);
            system.runUntil(done::isDone, 100_000);
            assertNull(done.error());
            ledgers.forEach(l -> assertEquals(List.of("y"), l.committed, "core " + l.core));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void aNoVoteAbortsOnEveryCore(final String name, final int cores, final MulticastTree tree)
    {
        try (SteppedCores system = new SteppedCores(cores))
        {
            final int refusing = cores - 1;
            final List<Ledger> ledgers = system.ledgers(TABLE, refusing);
            final Reply<Void> done = new Reply<>();
            system.at(tree.core()).twoPhase(TABLE, tree, change("z"), done);
            system.runUntil(done::isDone, 100_000);
            assertEquals(ErrorCode.AGREEMENT_VOTED_NO, done.error());
            system.settle();
            for (final Ledger l : ledgers)
            {
                assertEquals(List.of(), l.committed, "core " + l.core);
                assertEquals(List.of(), l.prepared, "core " + l.core + " still holds the change");
                assertEquals(l.core == refusing ? List.of() : List.of("z"), l.aborted, "core " + l.core);
            }
        }
    }

    @Test
    void pipelinedRoundsAreDecidedAndAppliedInTheOrderTheyStarted()
    {
        try (SteppedCores system = new SteppedCores(32, 2))
        {
            final MulticastTree tree = SteppedCores.skbTree("amd-8x4", Strategy.NUMA, 0);
            PipelinedRounds.run(system, TABLE, tree, () ->
                assertTrue(system.at(0).inFlight() > 1, "rounds are in flight together"));
        }
    }

    @Test
    void aStalledParticipantAbortsTheRoundAtTheBoundAndNobodyCommits()
    {
        try (SteppedCores system = new SteppedCores(32))
        {
            final MulticastTree tree = SteppedCores.skbTree("amd-8x4", Strategy.MULTICAST, 0);
            final int aggregator = tree.children().getFirst().core(); // an inner node: its package waits on it
            system.stall(aggregator);
            final List<Ledger> ledgers = system.ledgers(TABLE);
            final Reply<Void> done = new Reply<>();
            final long start = system.now();
            system.at(0).twoPhase(TABLE, tree, change("s"), done);
            system.runUntil(done::isDone, 100_000);
            assertEquals(ErrorCode.AGREEMENT_TIMEOUT, done.error());
            assertTrue(system.now() - start >= SteppedCores.BOUND_NS, "aborted only after the bound");
            system.settle();
            for (final Ledger l : ledgers)
            {
                assertEquals(List.of(), l.committed, "core " + l.core);
                assertEquals(List.of(), l.prepared, "core " + l.core + " still holds the change");
            }
        }
    }

    @Test
    void aStalledLeafTimesOutOnePhaseCommit()
    {
        try (SteppedCores system = new SteppedCores(4))
        {
            system.stall(3);
            system.ledgers(TABLE);
            final Reply<Void> done = new Reply<>();
            system.at(1).onePhase(TABLE, MulticastTree.flat(1, 4), change("o"), done);
            system.runUntil(done::isDone, 100_000);
            assertEquals(ErrorCode.AGREEMENT_TIMEOUT, done.error());
            assertEquals(Long.MAX_VALUE, system.at(1).deadlineNs(), "the round is over at its coordinator");
        }
    }

    @Test
    void aCompletionMayStartTheNextRoundEvenWhenItRunsAtABound()
    {
        try (SteppedCores system = new SteppedCores(3))
        {
            system.stall(2);
            system.ledgers(TABLE);
            final List<String> answers = new ArrayList<>();
            final MulticastTree tree = MulticastTree.flat(0, 3);
            system.at(0).twoPhase(TABLE, tree, change("first"), (none, error) ->
            {
                answers.add("2pc " + error);
                system.at(0).onePhase(TABLE, tree, change("second"), (n, e) ->
                {
                    answers.add("1pc " + e);
                    system.at(0).twoPhase(TABLE, MulticastTree.flat(0, 2), change("third"), (n2, e2) -> answers.add("2pc " + e2));
                });
            });
            system.runUntil(() -> answers.size() == 3, 100_000);
            assertEquals(List.of("2pc AGREEMENT_TIMEOUT", "1pc AGREEMENT_TIMEOUT", "2pc null"), answers);
        }
    }

    @Test
    void roundsFromTwoCoordinatorsAreBothDecidedEachInItsOwnOrder()
    {
        try (SteppedCores system = new SteppedCores(8))
        {
            final List<Ledger> ledgers = system.ledgers(TABLE);
            final List<String> answered = new ArrayList<>();
            for (int i = 0; i < 5; i++)
            {
                for (final int coordinator : new int[] {2, 5})
                {
                    final String text = coordinator + ":" + i;
                    system.at(coordinator).twoPhase(TABLE, Set.of(0, 1, 2, 3, 4, 5, 6, 7),
                        MulticastTree.flat(coordinator, 8), change(text), (none, error) -> answered.add(text));
                }
            }
            system.runUntil(() -> answered.size() == 10, 100_000);
            for (final Ledger l : ledgers)
            {
                assertEquals(10, l.committed.size(), "core " + l.core);
                for (final String coordinator : List.of("2:", "5:"))
                {
                    assertEquals(List.of(coordinator + 0, coordinator + 1, coordinator + 2, coordinator + 3, coordinator + 4),
                        l.committed.stream().filter(t -> t.startsWith(coordinator)).toList(), "core " + l.core);
                }
            }
        }
    }

    @Test
    void badRoundsAreRefusedWithTheirCodes()
    {
        try (SteppedCores system = new SteppedCores(4))
        {
            system.ledgers(TABLE);
            final MulticastTree full = MulticastTree.flat(0, 4);
            assertEquals(ErrorCode.AGREEMENT_NO_SUCH_CORE, refused(d -> system.at(0).twoPhase(TABLE, Set.of(0, 9), full,
                change("a"), d)));
            assertEquals(ErrorCode.AGREEMENT_EMPTY_SET, refused(d -> system.at(0).twoPhase(TABLE, Set.of(), full,
                change("a"), d)));
            assertEquals(ErrorCode.AGREEMENT_EMPTY_SET, refused(d -> system.at(0).onePhase(TABLE, Set.of(), full,
                change("a"), d)));
            assertEquals(ErrorCode.AGREEMENT_NO_SUCH_CORE, refused(d -> system.at(0).twoPhase(TABLE,
                new MulticastTree(0, List.of(new MulticastTree(6, List.of()))), change("a"), d)));
            assertEquals(ErrorCode.AGREEMENT_BAD_TREE, refused(d -> system.at(1).twoPhase(TABLE, full, change("a"), d)));
            assertEquals(ErrorCode.AGREEMENT_BAD_TREE, refused(d -> system.at(0).onePhase(TABLE,
                new MulticastTree(0, List.of(new MulticastTree(2, List.of()), new MulticastTree(2, List.of()))),
                change("a"), d)));
            assertEquals(ErrorCode.AGREEMENT_UNKNOWN_TABLE, refused(d -> system.at(0).twoPhase(TABLE + 1, full,
                change("a"), d)));
            assertEquals(0, system.at(0).inFlight());
        }
    }

    @Test
    void aCoreWithoutTheTableVotesNo()
    {
        try (SteppedCores system = new SteppedCores(3))
        {
            system.at(0).register(TABLE, new Ledger(0, false));
            system.at(1).register(TABLE, new Ledger(1, false));
            final Reply<Void> done = new Reply<>();
            system.at(0).twoPhase(TABLE, MulticastTree.flat(0, 3), change("t"), done);
            system.runUntil(done::isDone, 10_000);
            assertEquals(ErrorCode.AGREEMENT_UNKNOWN_TABLE, done.error());
        }
    }

    @Test
    void aSubsetKeepsTheTreesShapeWithoutTheCoresLeftOut()
    {
        final MulticastTree numa = SteppedCores.skbTree("amd-8x4", Strategy.NUMA, 0);
        final MulticastTree cut = Fanout.restrict(numa, Set.of(0, 1, 5, 6, 30));
        assertEquals(5, cut.size());
        assertEquals(0, cut.core());
        // core 4 (package 1's aggregator) is left out: its cores 5 and 6 now hang from the root in its place
        final List<Integer> order = numa.children().stream().map(MulticastTree::core).toList();
        assertTrue(order.indexOf(28) < order.indexOf(4), "the farthest package comes first in the NUMA tree");
        assertEquals(List.of(0, 30, 5, 6, 1).stream().sorted().toList(), cut.cores().stream().sorted().toList());
        assertTrue(cut.cores().indexOf(30) < cut.cores().indexOf(5), "send order kept: " + cut);
    }

    private static ErrorCode refused(final java.util.function.Consumer<dev.flotilla.idl.Completion<Void>> start)
    {
        final Reply<Void> done = new Reply<>();
        start.accept(done);
        assertTrue(done.isDone(), "refused at once");
        return done.error();
    }
}
