package dev.flotilla.monitor.agreement;

import static dev.flotilla.monitor.agreement.Ledger.change;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.lib.skb.MulticastTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Twenty-four two-phase rounds started at once from core 0 along one tree, core 21 refusing the eighth: every round
 * has its own id, each is decided (r7 aborted, the rest committed) and every core applies the decisions in the
 * order the rounds started. Shared by the tree tests and the broadcast-ring tests; {@code whileInFlight} checks what
 * the transport shows while the rounds are under way.
 */
final class PipelinedRounds
{
    static final int ROUNDS = 24;

    private PipelinedRounds()
    {
    }

    static List<Ledger> run(final SteppedCores system, final int table, final MulticastTree tree,
        final Runnable whileInFlight)
    {
        final List<Ledger> ledgers = system.ledgers(table);
        ledgers.get(21).refuse = "r7";
        final List<String> answered = new ArrayList<>();
        final List<String> expected = new ArrayList<>();
        final List<Long> ids = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++)
        {
            final String text = "r" + i;
            ids.add(system.at(0).twoPhase(table, tree, change(text),
                (none, error) -> answered.add(text + (error == null ? "" : " " + error))));
            if (i != 7)
            {
                expected.add(text);
            }
        }
        assertEquals(ROUNDS, ids.stream().distinct().count(), "every round has its own id");
        whileInFlight.run();
        system.runUntil(() -> answered.size() == ROUNDS, 200_000);
        final List<String> decisions = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++)
        {
            decisions.add((i == 7 ? "-r" : "+r") + i);
        }
        // the coordinator applies each decision as it makes it, every other core as it arrives: the same order
        for (final Ledger l : ledgers)
        {
            assertEquals(l.core == 21 ? decisions.stream().filter(d -> !d.equals("-r7")).toList() : decisions,
                l.decisions, "core " + l.core);
        }
        assertEquals(expected, answered.stream().filter(a -> !a.contains(" ")).toList(), "commits answered in order");
        assertTrue(answered.contains("r7 AGREEMENT_VOTED_NO"), answered.toString());
        ledgers.forEach(l -> assertEquals(expected, l.committed, "core " + l.core));
        return ledgers;
    }
}
