package dev.flotilla.skb;

import dev.flotilla.platform.topology.Cache;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The paper's four machines (paper-results.md Sec. 1 and Table 2) as the simulator will describe
 * them: a {@link Machine} plus a round-trip matrix in nanoseconds. Cores are numbered package by
 * package ({@code core = package * coresPerPackage + i}); each AMD package is its own NUMA node with
 * SLIT distances 10 + 6 per HyperTransport hop; the Intel machine has one memory controller.
 *
 * <p>Latencies are Table 2's, in ns: shared cache, one hop, two hops; three hops on the 8x4 AMD
 * (not in the table) extends the one-to-two-hop step.
 */
record PaperMachines(Machine machine, long[][] roundTripNs)
{
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final long GIB = 1024 * MIB;

    /** 2 x quad-core Xeon X5355: two dies per package, two cores per die sharing a 4 MB L2, one FSB. */
    static PaperMachines intel2x4()
    {
        final int packages = 2;
        final int perPackage = 4;
        final List<Cache> caches = new ArrayList<>();
        for (int die = 0; die < 4; die++)
        {
            caches.add(new Cache(2, "Unified", 4 * MIB, List.of(2 * die, 2 * die + 1)));
        }
        final List<Cpu> cpus = cpus(packages, perPackage, p -> 0);
        final Machine machine = new Machine("2x4-core Intel", "Intel Xeon X5355", 2_660_000_000L, cpus,
            List.of(new NumaNode(0, ids(8), 8 * GIB, List.of(10))), caches, true);
        return new PaperMachines(machine, matrix(8, (a, b) -> a / 2 == b / 2 ? 68 : 214));
    }

    /** 2 x dual-core Opteron 2220: private L2, sockets joined by HyperTransport. */
    static PaperMachines amd2x2()
    {
        final int[][] hops = {{0, 1}, {1, 0}};
        return amd("2x2-core AMD", "AMD Opteron 2220", 2_800_000_000L, 2, hops, new long[] {161, 190}, 0);
    }

    /** 4 x quad-core Opteron 8380: 6 MB L3 per socket, four HT links in a square. */
    static PaperMachines amd4x4()
    {
        final int[][] hops = hopsOf(4, new int[][] {{0, 1}, {1, 3}, {3, 2}, {2, 0}});
        return amd("4x4-core AMD", "AMD Opteron 8380", 2_500_000_000L, 4, hops, new long[] {179, 218, 223}, 6 * MIB);
    }

    /**
     * 8 x quad-core Opteron 8350 (Tyan S4985 + M4985), Fig. 2: two rows of four sockets (0-3 over 4-7),
     * HT links between row neighbours, vertical links in columns 1, 2 and 4, and an X between columns 3
     * and 4; the farthest sockets are three hops apart.
     */
    static PaperMachines amd8x4()
    {
        final int[][] links = {{0, 1}, {1, 2}, {2, 3}, {4, 5}, {5, 6}, {6, 7}, {0, 4}, {1, 5}, {3, 7}, {2, 7}, {3, 6}};
        return amd("8x4-core AMD", "AMD Opteron 8350", 2_000_000_000L, 4, hopsOf(8, links),
            new long[] {269, 307, 309, 311}, 2 * MIB);
    }

    /** HyperTransport hops between sockets, by breadth-first search over the links. */
    static int[][] hopsOf(final int sockets, final int[][] links)
    {
        final int[][] hops = new int[sockets][sockets];
        for (int from = 0; from < sockets; from++)
        {
            Arrays.fill(hops[from], -1);
            hops[from][from] = 0;
            final ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(from));
            while (!queue.isEmpty())
            {
                final int at = queue.poll();
                for (final int[] link : links)
                {
                    for (int end = 0; end < 2; end++)
                    {
                        final int next = link[1 - end];
                        if (link[end] == at && hops[from][next] < 0)
                        {
                            hops[from][next] = hops[from][at] + 1;
                            queue.add(next);
                        }
                    }
                }
            }
        }
        return hops;
    }

    private static PaperMachines amd(final String name, final String model, final long hz, final int perPackage,
        final int[][] hops, final long[] latencyByHops, final long l3Bytes)
    {
        final int packages = hops.length;
        final int cores = packages * perPackage;
        final List<Cache> caches = new ArrayList<>();
        for (int core = 0; core < cores; core++)
        {
            caches.add(new Cache(2, "Unified", l3Bytes == 0 ? MIB : 512 * KIB, List.of(core)));
        }
        final List<NumaNode> nodes = new ArrayList<>();
        for (int p = 0; p < packages; p++)
        {
            if (l3Bytes > 0)
            {
                caches.add(new Cache(3, "Unified", l3Bytes, ids(p * perPackage, perPackage)));
            }
            final int from = p;
            nodes.add(new NumaNode(p, ids(p * perPackage, perPackage), 4 * GIB,
                IntStream.range(0, packages).mapToObj(q -> 10 + 6 * hops[from][q]).toList()));
        }
        final Machine machine = new Machine(name, model, hz, cpus(packages, perPackage, p -> p), nodes, caches, true);
        return new PaperMachines(machine,
            matrix(cores, (a, b) -> latencyByHops[hops[a / perPackage][b / perPackage]]));
    }

    private static List<Cpu> cpus(final int packages, final int perPackage,
        final java.util.function.IntUnaryOperator nodeOfPackage)
    {
        final List<Cpu> cpus = new ArrayList<>();
        for (int p = 0; p < packages; p++)
        {
            for (int i = 0; i < perPackage; i++)
            {
                final int id = p * perPackage + i;
                cpus.add(new Cpu(id, p, i, nodeOfPackage.applyAsInt(p), List.of(id)));
            }
        }
        return cpus;
    }

    private static long[][] matrix(final int cores, final Latency nanos)
    {
        final long[][] m = new long[cores][cores];
        for (int a = 0; a < cores; a++)
        {
            for (int b = 0; b < cores; b++)
            {
                m[a][b] = a == b ? 0 : nanos.between(a, b);
            }
        }
        return m;
    }

    private static List<Integer> ids(final int count)
    {
        return ids(0, count);
    }

    private static List<Integer> ids(final int first, final int count)
    {
        return IntStream.range(first, first + count).boxed().toList();
    }

    /** The round trip between two cores in ns. */
    private interface Latency
    {
        long between(int a, int b);
    }

    /** A fresh SKB holding this machine and its round trips. */
    SystemKnowledgeBase skb()
    {
        final SystemKnowledgeBase skb = new SystemKnowledgeBase();
        skb.assertMachine(machine);
        skb.assertRoundTrips(roundTripNs);
        return skb;
    }
}
