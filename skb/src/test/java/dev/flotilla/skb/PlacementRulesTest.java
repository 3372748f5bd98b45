package dev.flotilla.skb;

import dev.flotilla.base.ErrorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code skb/placement.pl}: hard constraints filter, soft ones rank in the order given, replicas spread. */
final class PlacementRulesTest
{
    private final SystemKnowledgeBase skb = PaperMachines.amd4x4().skb();

    @Test
    void withoutConstraintsTheLowestCoreWins()
    {
        assertEquals(0, skb.place("memserv", List.of()));
    }

    @Test
    void onAPackageOrNode()
    {
        assertEquals(8, skb.place("memserv", List.of(new Constraint.OnPackage(2))));
        assertEquals(12, skb.place("memserv", List.of(new Constraint.OnNode(3))));
    }

    @Test
    void nearANodePrefersItsCoresThenTheNearestNodes()
    {
        assertEquals(4, skb.place("netd", List.of(new Constraint.Near(1))));
        // Node 1's cores all excluded: a one-hop neighbour (node 0 or 3, distance 16) beats node 2 (two hops).
        final int core = skb.place("netd", List.of(new Constraint.Exclude(List.of(4, 5, 6, 7)), new Constraint.Near(1)));
        assertEquals(0, core);
    }

    @Test
    void awayFromBusyCores()
    {
        skb.assertService("memserv", 0);
        skb.assertDispatcher("shell", 1);
        skb.assertDispatcher("shell", 2);
        assertEquals(3, skb.place("spawnd", List.of(new Constraint.AvoidBusy())));
        assertEquals(3, skb.place("spawnd", List.of(new Constraint.MaxLoad(0), new Constraint.OnPackage(0))));
        skb.retractDomain("shell");
        assertEquals(1, skb.place("spawnd", List.of(new Constraint.AvoidBusy())));
    }

    @Test
    void replicasOfAServiceSpreadOut()
    {
        skb.assertService("name", 0);
        assertEquals(1, skb.place("name", List.of()));
        assertEquals(0, skb.place("other", List.of()));
    }

    @Test
    void nearACoreUsesMeasuredLinks()
    {
        // Core 5 itself costs nothing; then its package mates, which share the L3; 4 is the lowest of them.
        assertEquals(5, skb.place("x", List.of(new Constraint.NearCore(5))));
        assertEquals(4, skb.place("x", List.of(new Constraint.NearCore(5), new Constraint.Exclude(List.of(5)))));
        assertEquals(0, skb.place("x", List.of(new Constraint.NearCore(5), new Constraint.Exclude(List.of(4, 5, 6, 7)))));
    }

    @Test
    void softConstraintsRankInTheOrderGiven()
    {
        skb.assertService("busy", 12);
        // Near node 3 first: 13 (idle, node 3) beats 0 (idle, far). Load first: still 13, since it's idle too.
        assertEquals(13, skb.place("x", List.of(new Constraint.Near(3), new Constraint.AvoidBusy())));
        assertEquals(0, skb.place("x", List.of(new Constraint.AvoidBusy(), new Constraint.Near(0))));
    }

    @Test
    void defaultsFromAFactsFileApplyFirst()
    {
        skb.consult("facts.pl", new StringReader("service_constraint(netd, package(3)).\n"));
        assertEquals(12, skb.place("netd", List.of()));
        assertEquals(14, skb.place("netd", List.of(new Constraint.Exclude(List.of(12, 13)))));
    }

    @Test
    void impossibleConstraintsAreNoAnswer()
    {
        final SkbException e = assertThrows(SkbException.class,
            () -> skb.place("x", List.of(new Constraint.OnPackage(9))));
        assertEquals(ErrorCode.SKB_NO_ANSWER, e.code());
    }

    @Test
    void anUnknownConstraintIsAClearError()
    {
        final SkbException e = assertThrows(SkbException.class, () -> skb.query("place(x, [fast], C)"));
        assertEquals(ErrorCode.SKB_EVALUATION_ERROR, e.code());
        assertTrue(e.detail().contains("placement_constraint"), e.getMessage());
    }
}
