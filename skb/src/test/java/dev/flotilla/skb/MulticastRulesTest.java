package dev.flotilla.skb;

import dev.flotilla.base.ErrorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.skb.reference.JavaRouteTrees;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code skb/multicast.pl} on the paper's machines: shapes, coverage, and the NUMA-aware order. */
final class MulticastRulesTest
{
    private static final PaperMachines AMD_8X4 = PaperMachines.amd8x4();
    private static final SystemKnowledgeBase SKB_8X4 = AMD_8X4.skb();

    @Test
    void numaTreeOnThe8x4AmdHasOneAggregatorPerPackageAndReachesAll32Cores()
    {
        final RouteNode tree = SKB_8X4.multicastTree(Strategy.NUMA, 0);
        assertCoversOnce(tree, 32);
        assertEquals(7, tree.forwarders().size(), "one aggregator per other package");
        final Set<Integer> packages = new HashSet<>();
        for (final RouteNode aggregator : tree.forwarders())
        {
            final int pkg = aggregator.core() / 4;
            assertTrue(packages.add(pkg), "package " + pkg + " has two aggregators");
            assertEquals(pkg * 4, aggregator.core(), "the aggregator is the package's lowest core");
            assertEquals(List.of(pkg * 4 + 1, pkg * 4 + 2, pkg * 4 + 3),
                aggregator.children().stream().map(RouteNode::core).toList());
        }
        assertEquals(2, tree.depth());
    }

    @Test
    void numaTreeSendsToTheFarthestPackagesFirst()
    {
        // From socket 0 (Fig. 2 as read): sockets 3, 6 and 7 are three hops away, 2 and 5 two, 1 and 4 one.
        final List<Integer> sendOrder = SKB_8X4.multicastTree(Strategy.NUMA, 0).children().stream()
            .map(RouteNode::core).toList();
        assertEquals(List.of(12, 24, 28, 8, 20, 4, 16, 1, 2, 3), sendOrder);
    }

    @Test
    void numaOrderFollowsTheRootsOwnDistances()
    {
        // From socket 5, the three-hop sockets are 3 (via 1-2 or 6-7) and ... whatever the hop matrix says.
        final int[][] hops = PaperMachines.hopsOf(8, new int[][] {{0, 1}, {1, 2}, {2, 3}, {4, 5}, {5, 6}, {6, 7},
            {0, 4}, {1, 5}, {3, 7}, {2, 7}, {3, 6}});
        final List<RouteNode> children = SKB_8X4.multicastTree(Strategy.NUMA, 21).children();
        int previous = Integer.MAX_VALUE;
        for (final RouteNode child : children)
        {
            final int hop = hops[5][child.core() / 4];
            assertTrue(hop <= previous, "sends must not get farther: " + children);
            previous = hop;
        }
    }

    @Test
    void multicastTreeOrdersPackagesByNumberWithTheRootsPackageInPlace()
    {
        final RouteNode tree = SKB_8X4.multicastTree(Strategy.MULTICAST, 5);
        assertEquals(List.of(0, 4, 6, 7, 8, 12, 16, 20, 24, 28),
            tree.children().stream().map(RouteNode::core).toList());
        assertCoversOnce(tree, 32);
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"BROADCAST", "UNICAST"})
    void broadcastAndUnicastAreFlatTreesInCoreOrder(final Strategy strategy)
    {
        final RouteNode tree = SKB_8X4.multicastTree(strategy, 7);
        assertEquals(1, tree.depth());
        assertEquals(IntStream.range(0, 32).filter(c -> c != 7).boxed().toList(),
            tree.children().stream().map(RouteNode::core).toList());
    }

    @Test
    void everyStrategyOnEveryPaperMachineFromEveryRootCoversEveryCoreOnce()
    {
        for (final PaperMachines paper : List.of(PaperMachines.intel2x4(), PaperMachines.amd2x2(),
            PaperMachines.amd4x4(), AMD_8X4))
        {
            final SystemKnowledgeBase skb = paper == AMD_8X4 ? SKB_8X4 : paper.skb();
            final JavaRouteTrees reference = new JavaRouteTrees(paper.machine(), paper.roundTripNs());
            for (final Cpu root : paper.machine().cpus())
            {
                for (final Strategy strategy : Strategy.values())
                {
                    final RouteNode tree = skb.multicastTree(strategy, root.id());
                    assertCoversOnce(tree, paper.machine().cpus().size());
                    assertEquals(root.id(), tree.core());
                    assertEquals(reference.tree(strategy, root.id()), tree, paper.machine().name() + " " + strategy);
                }
            }
        }
    }

    @Test
    void intelTreeUsesOneAggregatorForTheOtherPackageAndServesItsOwnPackageDirectly()
    {
        final RouteNode tree = PaperMachines.intel2x4().skb().multicastTree(Strategy.NUMA, 0);
        // Table 2 has one "non-shared" latency (214 ns) for the other die and the other package alike, so
        // those sends tie and go in core order; the shared-L2 partner (68 ns) comes last.
        assertEquals("node(0,[node(2,[]),node(3,[]),node(4,[node(5,[]),node(6,[]),node(7,[])]),node(1,[])])",
            tree.toString());
    }

    @Test
    void subsetTreesCoverOnlyTheRootAndTheSet()
    {
        final RouteNode tree = SKB_8X4.multicastTree(Strategy.NUMA, 0, List.of(1, 13, 14, 30, 31, 29));
        assertEquals("node(0,[node(13,[node(14,[])]),node(29,[node(30,[]),node(31,[])]),node(1,[])])",
            tree.toString());
        final RouteNode withRoot = SKB_8X4.multicastTree(Strategy.UNICAST, 3, List.of(3, 2));
        assertEquals("node(3,[node(2,[])])", withRoot.toString());
    }

    @Test
    void withoutMeasurementsTheTopologyEstimateOrdersTheSends()
    {
        final SystemKnowledgeBase skb = new SystemKnowledgeBase();
        skb.assertMachine(AMD_8X4.machine());
        final RouteNode tree = skb.multicastTree(Strategy.NUMA, 0);
        assertEquals(List.of(12, 24, 28, 8, 20, 4, 16, 1, 2, 3), tree.children().stream().map(RouteNode::core).toList());
        assertEquals(new JavaRouteTrees(AMD_8X4.machine(), null).tree(Strategy.NUMA, 0), tree);
    }

    @Test
    void anUnknownRootIsNoAnswer()
    {
        final SkbException e = assertThrows(SkbException.class, () -> SKB_8X4.multicastTree(Strategy.NUMA, 99));
        assertEquals(ErrorCode.SKB_NO_ANSWER, e.code());
        assertTrue(e.detail().contains("99"), e.getMessage());
        assertThrows(SkbException.class, () -> SKB_8X4.multicastTree(Strategy.NUMA, 0, List.of(1, 77)));
    }

    @Test
    void theFreeQueryAnswersTheSameTreeAsTheTypedOne()
    {
        final QueryAnswer answer = SKB_8X4.query("multicast_tree(numa, 0, T)");
        assertEquals(SKB_8X4.multicastTree(Strategy.NUMA, 0), RouteNode.fromTerm(answer.solutions().getFirst().get("T")));
        assertEquals(1, answer.solutions().size());
    }

    static void assertCoversOnce(final RouteNode tree, final int cores)
    {
        final List<Integer> reached = new ArrayList<>(tree.cores());
        assertEquals(cores, reached.size(), "cores reached: " + reached);
        assertEquals(cores, new HashSet<>(reached).size(), "a core reached twice: " + reached);
    }
}
