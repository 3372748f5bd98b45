package dev.flotilla.skb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.platform.linux.SysfsDiscovery;
import dev.flotilla.platform.topology.Machine;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The facts built from discovered machines: platform's {@code /sys} fixtures of real machine shapes,
 * read by {@link SysfsDiscovery}, asserted, and asked back through Prolog.
 */
final class MachineFactsTest
{
    private static final Path FIXTURES = Path.of("../platform/src/test/resources/sys");

    private static SystemKnowledgeBase skbOf(final String shape, final String name)
    {
        final Path root = FIXTURES.resolve(shape);
        final Machine machine = SysfsDiscovery.discover(root.resolve("sys"), root.resolve("proc"), name);
        final SystemKnowledgeBase skb = new SystemKnowledgeBase();
        skb.assertMachine(machine);
        return skb;
    }

    private static List<String> texts(final SystemKnowledgeBase skb, final String goal)
    {
        return skb.query(goal).solutionTexts();
    }

    @Test
    void oneSocketFourCores()
    {
        final SystemKnowledgeBase skb = skbOf("one-socket-4-cores", "box");
        assertEquals(List.of("Name = box, Model = 'Intel(R) Core(TM) i5-7500 CPU @ 3.40GHz', Hz = 3800000000, "
            + "Kind = native"), texts(skb, "machine(Name, Model, Hz, Kind)"));
        assertEquals(List.of("C = 0, P = 0, N = 0", "C = 1, P = 0, N = 0", "C = 2, P = 0, N = 0",
            "C = 3, P = 0, N = 0"), texts(skb, "core(C, P, _, N)"));
        assertEquals(List.of("Bytes = 16706211840, Cores = [0,1,2,3]"), texts(skb, "numa_node(0, Bytes, Cores)"));
        assertEquals(List.of("D = 10"), texts(skb, "node_distance(0, 0, D)"));
        assertEquals(List.of("Size = 6291456, Cores = [0,1,2,3]"), texts(skb, "cache(3, unified, Size, Cores)"));
        assertEquals(List.of("L = 1", "L = 1", "L = 3"), texts(skb, "shares_cache(2, 2, L), L =\\= 2, L < 2 ; "
            + "shares_cache(0, 3, L)").subList(0, 3));
        assertEquals(List.of(0, 1, 2, 3), skb.cores());
    }

    @Test
    void twoSocketsWithTwoNumaNodesAndSmtSiblings()
    {
        final SystemKnowledgeBase skb = skbOf("two-sockets-numa-smt", "big");
        assertEquals(List.of("P = 1, Phys = 2, N = 1"), texts(skb, "core(14, P, Phys, N)"));
        assertEquals(List.of("S = [6,14]"), texts(skb, "thread_siblings(14, S)"));
        assertEquals(List.of("D = 21"), texts(skb, "node_distance(0, 1, D)"));
        assertEquals(List.of("Cores = [4,5,6,7,12,13,14,15]"), texts(skb, "numa_node(1, _, Cores)"));
        // The estimate without measurements: SMT siblings share a package (10), the other socket is 21 away.
        assertEquals(List.of("C = 10"), texts(skb, "link_cost(6, 14, C)"));
        assertEquals(List.of("C = 21"), texts(skb, "link_cost(0, 4, C)"));
        final RouteNode tree = skb.multicastTree(Strategy.NUMA, 0);
        assertEquals(4, tree.children().getFirst().core(), "the other socket is reached first");
        assertEquals(16, tree.size());
    }

    @Test
    void offlineCpusAreNotCores()
    {
        final SystemKnowledgeBase skb = skbOf("offline-cpus", "board");
        assertEquals(List.of(0, 1, 2, 5, 7), skb.cores());
        assertFalse(skb.query("core(3, _, _, _)").succeeded());
        assertEquals(List.of("Model = 'implementer 0x41 part 0xd05'"), texts(skb, "machine(_, Model, _, _)"));
        // No distances in this /sys: no node_distance facts at all, rather than guessed ones.
        assertFalse(skb.query("node_distance(_, _, _)").succeeded());
        assertEquals(List.of("Cores = [0,1,2,5,7]"), texts(skb, "cache(3, _, _, Cores)"));
        assertEquals(5, skb.multicastTree(Strategy.MULTICAST, 7).size());
    }

    @Test
    void withoutANodeDirectoryOneNodeHoldsEverything()
    {
        final SystemKnowledgeBase skb = skbOf("no-numa-node-dir", "tiny");
        assertEquals(List.of("N = 0, Cores = [0,1]"), texts(skb, "numa_node(N, _, Cores)"));
        assertEquals(List.of("Model = unknown, Hz = 0"), texts(skb, "machine(_, Model, Hz, _)"));
        assertFalse(skb.query("cache(_, _, _, _)").succeeded());
    }

    @Test
    void anotherMachineReplacesTheHardwareFacts()
    {
        final SystemKnowledgeBase skb = skbOf("two-sockets-numa-smt", "big");
        skb.assertMachine(PaperMachines.amd2x2().machine());
        assertEquals(List.of(0, 1, 2, 3), skb.cores());
        assertEquals(List.of("Kind = simulated"), texts(skb, "machine(_, _, _, Kind)"));
        assertTrue(skb.query("node_distance(0, 1, 16)").succeeded());
        assertFalse(skb.query("node_distance(0, 1, 21)").succeeded());
    }

    @Test
    void everyFactKindIsDeclaredSoAskingAnEmptyKindFailsQuietly()
    {
        final SystemKnowledgeBase skb = new SystemKnowledgeBase();
        for (final FactKind kind : FactKind.values())
        {
            final String args = String.join(",", java.util.Collections.nCopies(kind.arity(), "_"));
            assertFalse(skb.query(kind.functor() + "(" + args + ")").succeeded(), kind.signature());
        }
    }
}
