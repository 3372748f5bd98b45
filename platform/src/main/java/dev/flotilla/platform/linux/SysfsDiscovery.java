package dev.flotilla.platform.linux;

import dev.flotilla.platform.topology.Cache;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the {@link Machine} of a Linux host from its {@code /sys} tree and {@code /proc} files: the
 * hardware facts the SKB starts from and the CPUs the native platform pins its cores to.
 *
 * <p>Both roots are parameters so that tests read fixture trees; {@link #discoverHost()} reads the
 * real ones. Discovery reads the files once and returns an immutable machine; it keeps no state.
 *
 * <p>Rules, because hosts differ in what they expose (containers, VMs and arm64 boards all leave
 * files out):
 * <ul>
 *   <li>{@code devices/system/cpu/online} is the only mandatory file. A CPU not listed there is
 *       offline and left out of the machine entirely, including from every sibling, cache and node
 *       list, so that every CPU number in the result names a CPU of the result.</li>
 *   <li>Any other file may be missing; discovery then degrades to a documented default (a CPU is its
 *       own core in package 0, sizes and frequencies are 0, the model is {@code unknown}).</li>
 *   <li>A file that is present must parse: a malformed value gives an {@link IllegalStateException}
 *       naming the file and the bad text, because a guessed topology would silently misplace
 *       kernels.</li>
 * </ul>
 */
public final class SysfsDiscovery
{
    /** Linux's distance from a node to itself, used when the kernel has no NUMA nodes to ask. */
    static final int LOCAL_DISTANCE = 10;

    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})([KMG]?)");
    private static final Pattern INDEX = Pattern.compile("index(\\d+)");
    private static final Pattern NODE = Pattern.compile("node(\\d+)");

    private final Path cpuDir;
    private final Path nodeDir;
    private final Path procRoot;
    private final List<Integer> online;

    private SysfsDiscovery(final Path sysRoot, final Path procRoot)
    {
        this.cpuDir = sysRoot.resolve("devices/system/cpu");
        this.nodeDir = sysRoot.resolve("devices/system/node");
        this.procRoot = procRoot;
        final Path onlineFile = cpuDir.resolve("online");
        final String text = read(onlineFile).orElseThrow(() -> new IllegalStateException(
            "cannot discover CPUs: " + onlineFile + " is missing"));
        this.online = cpuList(onlineFile, text);
        if (online.isEmpty())
        {
            throw new IllegalStateException("malformed " + onlineFile + ": '" + text + "' (no CPU is online)");
        }
    }

    /**
     * Discovers the machine described by a {@code /sys} tree and a {@code /proc} tree.
     *
     * @param sysRoot  the directory that stands for {@code /sys}.
     * @param procRoot the directory that stands for {@code /proc}; {@code cpuinfo} and {@code meminfo}
     *                 are read from it when present.
     * @param hostName the machine's name.
     * @throws IllegalStateException if {@code online} is missing or a present file is malformed.
     */
    public static Machine discover(final Path sysRoot, final Path procRoot, final String hostName)
    {
        return new SysfsDiscovery(sysRoot, procRoot).machine(hostName);
    }

    /** Discovers this host from {@code /sys} and {@code /proc}, named by the kernel's host name. */
    public static Machine discoverHost()
    {
        final String host = read(Path.of("/proc/sys/kernel/hostname")).filter(h -> !h.isEmpty()).orElse("localhost");
        return discover(Path.of("/sys"), Path.of("/proc"), host);
    }

    private Machine machine(final String hostName)
    {
        final Optional<String> cpuinfo = read(procRoot.resolve("cpuinfo"));
        final List<NumaNode> nodes = numaNodes();
        final Map<Integer, Integer> nodeOf = new HashMap<>();
        for (final NumaNode node : nodes.reversed())
        {
            node.cpus().forEach(cpu -> nodeOf.put(cpu, node.id()));
        }
        final int defaultNode = nodes.getFirst().id();
        final List<Cpu> cpus = online.stream().map(id -> cpu(id, nodeOf.getOrDefault(id, defaultNode))).toList();
        return new Machine(hostName, cpuModel(cpuinfo), frequencyHz(cpuinfo), cpus, nodes, caches(), false);
    }

    private Cpu cpu(final int id, final int node)
    {
        final Path topology = cpuDir.resolve("cpu" + id).resolve("topology");
        final int packageId = optionalInt(topology.resolve("physical_package_id")).orElse(0);
        final int coreId = optionalInt(topology.resolve("core_id")).orElse(id);
        final Path coreCpus = topology.resolve("core_cpus_list");
        final Path siblingsFile = Files.exists(coreCpus) ? coreCpus : topology.resolve("thread_siblings_list");
        final List<Integer> siblings = read(siblingsFile).map(t -> cpuList(siblingsFile, t)).orElse(List.of());
        return new Cpu(id, packageId, coreId, node, onlineWith(siblings, id));
    }

    /** The NUMA nodes from {@code devices/system/node}, or one node holding everything when it is absent. */
    private List<NumaNode> numaNodes()
    {
        final List<Integer> ids = nodeIds();
        if (ids.isEmpty())
        {
            final Path meminfo = procRoot.resolve("meminfo");
            final long memory = read(meminfo).map(t -> memTotal(meminfo, t)).orElse(0L);
            return List.of(new NumaNode(0, online, memory, List.of(LOCAL_DISTANCE)));
        }
        final List<NumaNode> nodes = new ArrayList<>(ids.size());
        for (final int id : ids)
        {
            final Path dir = nodeDir.resolve("node" + id);
            final Path cpulist = dir.resolve("cpulist");
            final List<Integer> cpus = read(cpulist).map(t -> cpuList(cpulist, t)).orElse(List.of());
            final Path meminfo = dir.resolve("meminfo");
            final Path distance = dir.resolve("distance");
            nodes.add(new NumaNode(id, cpus.stream().filter(online::contains).toList(),
                read(meminfo).map(t -> memTotal(meminfo, t)).orElse(0L),
                read(distance).map(t -> distances(distance, t)).orElse(List.of())));
        }
        return nodes;
    }

    private List<Integer> nodeIds()
    {
        final Path onlineNodes = nodeDir.resolve("online");
        final Optional<String> text = read(onlineNodes);
        if (text.isPresent())
        {
            return cpuList(onlineNodes, text.get());
        }
        return numberedEntries(nodeDir, NODE);
    }

    /** Every cache instance once: the CPUs that share an instance each list it, identically. */
    private List<Cache> caches()
    {
        final Set<Cache> caches = new HashSet<>();
        for (final int cpu : online)
        {
            final Path cacheDir = cpuDir.resolve("cpu" + cpu).resolve("cache");
            for (final int index : numberedEntries(cacheDir, INDEX))
            {
                final Path dir = cacheDir.resolve("index" + index);
                final Optional<String> type = read(dir.resolve("type"));
                final OptionalInt level = optionalInt(dir.resolve("level"));
                if (type.isEmpty() || level.isEmpty())
                {
                    continue;
                }
                final Path size = dir.resolve("size");
                final Path shared = dir.resolve("shared_cpu_list");
                caches.add(new Cache(level.getAsInt(), type.get(), read(size).map(t -> sizeBytes(size, t)).orElse(0L),
                    onlineWith(read(shared).map(t -> cpuList(shared, t)).orElse(List.of()), cpu)));
            }
        }
        return caches.stream().sorted(Comparator.comparingInt(Cache::level)
            .thenComparing(c -> c.sharedCpus().getFirst())
            .thenComparing(Cache::type)
            .thenComparingLong(Cache::sizeBytes)).toList();
    }

    /** {@code model name} (x86 and others), else the arm64 implementer and part numbers, else {@code unknown}. */
    private static String cpuModel(final Optional<String> cpuinfo)
    {
        final Optional<String> model = cpuinfo.flatMap(t -> cpuinfoValues(t, "model name").stream().findFirst());
        if (model.isPresent() && !model.get().isEmpty())
        {
            return model.get();
        }
        final Optional<String> implementer = cpuinfo.flatMap(t -> cpuinfoValues(t, "CPU implementer").stream().findFirst());
        final Optional<String> part = cpuinfo.flatMap(t -> cpuinfoValues(t, "CPU part").stream().findFirst());
        if (implementer.isPresent() && part.isPresent())
        {
            return "implementer " + implementer.get() + " part " + part.get();
        }
        return "unknown";
    }

    /** The highest {@code cpuinfo_max_freq} of the online CPUs, else the highest {@code cpu MHz}, else 0. */
    private long frequencyHz(final Optional<String> cpuinfo)
    {
        long maxKhz = 0;
        for (final int cpu : online)
        {
            final Path file = cpuDir.resolve("cpu" + cpu).resolve("cpufreq/cpuinfo_max_freq");
            final Optional<String> text = read(file);
            if (text.isPresent())
            {
                maxKhz = Math.max(maxKhz, parseLong(file, text.get(), "a frequency in kHz"));
            }
        }
        if (maxKhz > 0)
        {
            return maxKhz * 1000;
        }
        double maxMhz = 0;
        for (final String mhz : cpuinfo.map(t -> cpuinfoValues(t, "cpu MHz")).orElse(List.of()))
        {
            try
            {
                maxMhz = Math.max(maxMhz, Double.parseDouble(mhz));
            }
            catch (final NumberFormatException e)
            {
                throw malformed(procRoot.resolve("cpuinfo"), "cpu MHz : " + mhz, "a frequency in MHz");
            }
        }
        return Math.round(maxMhz * 1e6);
    }

    /** {@code list} restricted to online CPUs, with {@code self} added: a CPU always shares with itself. */
    private List<Integer> onlineWith(final List<Integer> list, final int self)
    {
        final TreeSet<Integer> result = new TreeSet<>(list);
        result.retainAll(online);
        result.add(self);
        return List.copyOf(result);
    }

    private static List<String> cpuinfoValues(final String cpuinfo, final String key)
    {
        return cpuinfo.lines()
            .map(line -> line.split(":", 2))
            .filter(kv -> kv.length == 2 && kv[0].strip().equals(key))
            .map(kv -> kv[1].strip())
            .toList();
    }

    /** The number after {@code MemTotal:} in kB, as bytes; 0 when the file has no such line. */
    private static long memTotal(final Path file, final String text)
    {
        for (final String line : text.lines().toList())
        {
            final int at = line.indexOf("MemTotal:");
            if (at >= 0)
            {
                final String[] words = line.substring(at + "MemTotal:".length()).strip().split("\\s+");
                if (words.length != 2 || !words[1].equals("kB"))
                {
                    throw malformed(file, line, "MemTotal: <number> kB");
                }
                final long kib = parseLong(file, words[0], "MemTotal: <number> kB");
                if (kib > Long.MAX_VALUE / 1024)
                {
                    throw malformed(file, line, "a MemTotal that fits in 64 bits");
                }
                return kib * 1024;
            }
        }
        return 0;
    }

    private static List<Integer> distances(final Path file, final String text)
    {
        final List<Integer> distances = new ArrayList<>();
        for (final String word : text.split("\\s+"))
        {
            distances.add(toInt(file, word));
        }
        return distances;
    }

    private static long sizeBytes(final Path file, final String text)
    {
        final Matcher m = SIZE.matcher(text);
        if (!m.matches())
        {
            throw malformed(file, text, "a size such as 32K, 16M or 4096");
        }
        final int shift = switch (m.group(2))
        {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    private static OptionalInt optionalInt(final Path file)
    {
        final Optional<String> text = read(file);
        return text.isEmpty() ? OptionalInt.empty() : OptionalInt.of(toInt(file, text.get()));
    }

    private static int toInt(final Path file, final String text)
    {
        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException e)
        {
            throw malformed(file, text, "an integer");
        }
    }

    private static long parseLong(final Path file, final String text, final String expected)
    {
        try
        {
            final long value = Long.parseLong(text);
            if (value < 0)
            {
                throw malformed(file, text, expected);
            }
            return value;
        }
        catch (final NumberFormatException e)
        {
            throw malformed(file, text, expected);
        }
    }

    private static List<Integer> cpuList(final Path file, final String text)
    {
        try
        {
            return CpuList.parse(text);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalStateException("malformed " + file + ": " + e.getMessage(), e);
        }
    }

    /** The numbers {@code n} of entries named like {@code pattern} (such as {@code index3}), ascending. */
    private static List<Integer> numberedEntries(final Path dir, final Pattern pattern)
    {
        if (!Files.isDirectory(dir))
        {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir))
        {
            return entries.map(p -> pattern.matcher(p.getFileName().toString()))
                .filter(Matcher::matches)
                .map(m -> Integer.parseInt(m.group(1)))
                .sorted()
                .toList();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** A file's text without surrounding white space, or empty if the file is absent or unreadable. */
    private static Optional<String> read(final Path file)
    {
        try
        {
            return Optional.of(Files.readString(file).strip());
        }
        catch (final NoSuchFileException | AccessDeniedException | NotDirectoryException e)
        {
            return Optional.empty();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static IllegalStateException malformed(final Path file, final String text, final String expected)
    {
        return new IllegalStateException("malformed " + file + ": '" + text + "' (expected " + expected + ")");
    }
}
