package dev.flotilla.sim.machine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The structural half of a machine description while it is read: packages, caches and links, each
 * remembered with its line so that errors found at the end still point at the line they concern.
 * {@link #validate()} enforces the invariants {@link MachineSpec} relies on.
 */
final class Topology
{
    private record PackageLine(int line, int id, List<Integer> cores, int node)
    {
    }

    private record CacheLine(int line, int level, long bytes, String sharing, List<Integer> cores)
    {
    }

    private record LinkLine(int line, int a, int b)
    {
    }

    private final MachineFile file;
    private final TreeMap<Integer, PackageLine> packages = new TreeMap<>();
    private final TreeMap<Integer, PackageLine> packageOfCore = new TreeMap<>();
    private final List<CacheLine> cacheLines = new ArrayList<>();
    private final List<LinkLine> links = new ArrayList<>();
    private int[] packageOf;
    private int[] nodeOf;
    private int[][] hops;
    private List<CacheSpec> caches;
    private boolean[] shares;

    Topology(final MachineFile file)
    {
        this.file = file;
    }

    void addPackage(final String[] words)
    {
        final String form = "package P cores LIST node N";
        file.expectWords(words, 6, form);
        if (!words[2].equals("cores") || !words[4].equals("node"))
        {
            throw file.error("expected '" + form + "', got '" + String.join(" ", words) + "'");
        }
        final int id = file.number(words[1], "a package number");
        final List<Integer> cores = file.cores(words[3]);
        final int node = file.number(words[5], "a NUMA node number");
        final PackageLine earlier = packages.get(id);
        if (earlier != null)
        {
            throw file.error("package " + id + " is already declared on line " + earlier.line());
        }
        final PackageLine declared = new PackageLine(file.line(), id, cores, node);
        for (final int core : cores)
        {
            if (core >= MachineSpec.MAX_CORES)
            {
                throw file.error("expected core numbers below " + MachineSpec.MAX_CORES + ", got " + core);
            }
            final PackageLine owner = packageOfCore.get(core);
            if (owner != null)
            {
                throw file.error("core " + core + " is already in package " + owner.id() + " (line " + owner.line()
                    + "); a core is in exactly one package");
            }
            packageOfCore.put(core, declared);
        }
        packages.put(id, declared);
    }

    void addCache(final String[] words)
    {
        final String form = "cache LEVEL SIZE per-core|per-package|shared-by CORES";
        final boolean sharedBy = words.length == 5 && words[3].equals("shared-by");
        if (!sharedBy)
        {
            file.expectWords(words, 4, form);
        }
        final String levelWord = words[1].startsWith("L") ? words[1].substring(1) : words[1];
        final int level = file.number(levelWord, "a cache level such as L2");
        if (level < 1 || level > 4)
        {
            throw file.error("expected a cache level from L1 to L4, got '" + words[1] + "'");
        }
        final long bytes = file.size(words[2]);
        if (!sharedBy && !words[3].equals("per-core") && !words[3].equals("per-package"))
        {
            throw file.error("expected per-core, per-package or shared-by CORES, got '" + words[3] + "'");
        }
        cacheLines.add(new CacheLine(file.line(), level, bytes, words[3], sharedBy ? file.cores(words[4]) : List.of()));
    }

    void addLink(final int a, final int b)
    {
        if (a == b)
        {
            throw file.error("a link joins two different packages, got 'link " + a + " " + b + "'");
        }
        links.add(new LinkLine(file.line(), a, b));
    }

    /** Checks the whole topology and derives package, node, hop and cache-sharing tables. */
    void validate()
    {
        if (packages.isEmpty())
        {
            throw file.error("expected at least one 'package P cores LIST node N' line: a machine needs cores");
        }
        final int packageCount = packages.size();
        checkDense(packages.navigableKeySet(), "packages", "package", "is not declared");
        checkDense(packageOfCore.navigableKeySet(), "cores", "core", "is in no package");
        final TreeSet<Integer> nodes = new TreeSet<>();
        packages.values().forEach(p -> nodes.add(p.node()));
        checkDense(nodes, "NUMA nodes", "node", "has no package");
        final int n = packageOfCore.size();
        packageOf = new int[n];
        nodeOf = new int[n];
        packageOfCore.forEach((core, p) ->
        {
            packageOf[core] = p.id();
            nodeOf[core] = p.node();
        });
        final List<List<Integer>> adjacent = new ArrayList<>();
        for (int p = 0; p < packageCount; p++)
        {
            adjacent.add(new ArrayList<>());
        }
        for (final LinkLine link : links)
        {
            for (final int end : new int[] {link.a(), link.b()})
            {
                if (end >= packageCount)
                {
                    throw file.errorAt(link.line(), "no package " + end + "; packages are 0 to " + (packageCount - 1));
                }
            }
            adjacent.get(link.a()).add(link.b());
            adjacent.get(link.b()).add(link.a());
        }
        hops = new int[packageCount][];
        for (int p = 0; p < packageCount; p++)
        {
            hops[p] = distancesFrom(p, adjacent);
        }
        expandCaches(n);
    }

    private void checkDense(final SortedSet<Integer> ids, final String plural, final String one,
        final String problem)
    {
        for (int expected = 0; expected <= ids.last(); expected++)
        {
            if (!ids.contains(expected))
            {
                throw file.error(plural + " must be numbered from 0 without gaps; " + one + " " + expected + " "
                    + problem);
            }
        }
    }

    private int[] distancesFrom(final int start, final List<List<Integer>> adjacent)
    {
        final int[] distance = new int[adjacent.size()];
        Arrays.fill(distance, -1);
        distance[start] = 0;
        final ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty())
        {
            final int p = queue.poll();
            for (final int q : adjacent.get(p))
            {
                if (distance[q] < 0)
                {
                    distance[q] = distance[p] + 1;
                    queue.add(q);
                }
            }
        }
        for (int p = 0; p < distance.length; p++)
        {
            if (distance[p] < 0)
            {
                throw file.error("package " + p + " cannot be reached from package " + start
                    + " by links; expected 'link P Q' lines joining every package");
            }
        }
        return distance;
    }

    private void expandCaches(final int n)
    {
        caches = new ArrayList<>();
        final Map<Long, Integer> lineOfLevelAndCore = new HashMap<>();
        for (final CacheLine declared : cacheLines)
        {
            final List<List<Integer>> instances = switch (declared.sharing())
            {
                case "per-core" -> packageOfCore.keySet().stream().map(List::of).toList();
                case "per-package" -> packages.values().stream().map(PackageLine::cores).toList();
                default -> List.of(declared.cores());
            };
            for (final List<Integer> cores : instances)
            {
                for (final int core : cores)
                {
                    if (core >= n)
                    {
                        throw file.errorAt(declared.line(), "no core " + core + "; cores are 0 to " + (n - 1));
                    }
                    if (packageOf[core] != packageOf[cores.getFirst()])
                    {
                        throw file.errorAt(declared.line(), "a cache is inside one package, but cores "
                            + cores.getFirst() + " and " + core + " are in packages " + packageOf[cores.getFirst()]
                            + " and " + packageOf[core]);
                    }
                    final Integer earlier = lineOfLevelAndCore.putIfAbsent(((long)declared.level() << 32) | core,
                        declared.line());
                    if (earlier != null)
                    {
                        throw file.errorAt(declared.line(), "core " + core + " is already in an L" + declared.level()
                            + " cache (line " + earlier + ")");
                    }
                }
                caches.add(new CacheSpec(declared.level(), declared.bytes(), cores));
            }
        }
        shares = new boolean[n * n];
        for (final CacheSpec cache : caches)
        {
            for (final int a : cache.cores())
            {
                for (final int b : cache.cores())
                {
                    shares[a * n + b] = true;
                }
            }
        }
    }

    int diameter()
    {
        return Arrays.stream(hops).flatMapToInt(Arrays::stream).max().orElse(0);
    }

    /** Two cores that share a cache, or null. */
    private int[] pair(final boolean sharing)
    {
        final int n = packageOf.length;
        for (int a = 0; a < n; a++)
        {
            for (int b = a + 1; b < n; b++)
            {
                if (packageOf[a] == packageOf[b] && shares[a * n + b] == sharing)
                {
                    return new int[] {a, b};
                }
            }
        }
        return null;
    }

    boolean needsSharedCache()
    {
        return pair(true) != null;
    }

    String needsSharedCacheWhy()
    {
        final int[] p = pair(true);
        return "cores " + p[0] + " and " + p[1] + " share a cache";
    }

    boolean needsSamePackage()
    {
        return pair(false) != null;
    }

    String needsSamePackageWhy()
    {
        final int[] p = pair(false);
        return "cores " + p[0] + " and " + p[1] + " are in package " + packageOf[p[0]] + " and share no cache";
    }

    String hopsWhy(final int hop)
    {
        for (int p = 0; p < hops.length; p++)
        {
            for (int q = 0; q < hops.length; q++)
            {
                if (hops[p][q] == hop)
                {
                    return "packages " + p + " and " + q + " are " + hop + " link" + (hop == 1 ? "" : "s") + " apart";
                }
            }
        }
        return "no packages are " + hop + " links apart";
    }

    MachineSpec build(final String name, final String source, final String model, final double clockGhz,
        final long sharedCache, final long samePackage, final long[] hopCycles, final long homeLinkCycles,
        final EndpointCosts costs)
    {
        return new MachineSpec(name, source, model, clockGhz, packageOf, nodeOf, hops, caches, sharedCache, samePackage,
            hopCycles, homeLinkCycles, costs);
    }
}
