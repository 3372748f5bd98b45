package dev.flotilla.sim.machine;

import dev.flotilla.platform.linux.CpuList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the machine description format: one directive per line, words separated by blanks, {@code #}
 * to the end of a line is a comment. The format is documented in {@code docs/04-simulator.md}; in
 * short:
 *
 * <pre>
 *   machine amd-8x4                          name (required, once)
 *   model Opteron 8350                       CPU model (optional)
 *   clock-ghz 2.0                            cycles convert to virtual ns at this rate (required)
 *   package 0 cores 0-3 node 0               one per package: its cores and its NUMA node
 *   cache L3 2MiB per-package                per-core, per-package or shared-by CORE-LIST
 *   link 0 1                                 an interconnect link between two packages
 *   latency shared-cache 130                 cycles to move a line between cores sharing a cache
 *   latency same-package 130                 ... between cores of one package sharing none
 *   latency hop 1 190                        ... between packages that many links apart
 *   latency per-hop 70                       ... added per link beyond the largest 'latency hop'
 *   coherence home-broadcast 35              misses ordered at the line's home, probes to every node; cycles
 *                                            per link crossed by one coherence message (optional)
 *   cost send 50                             endpoint costs (send, receive, step, l1-hit) and OS work
 *                                            (switch: a context switch, syscall: a system call); optional
 * </pre>
 *
 * Every error names the source, the line and what was expected there ({@link MachineFormatException}).
 */
public final class MachineFile
{
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._:-]*");
    private static final Pattern SIZE = Pattern.compile("(\\d+)(B|K|KB|KIB|M|MB|MIB|G|GB|GIB)?");
    private static final String DIRECTIVES = "machine, model, clock-ghz, package, cache, link, latency, coherence or cost";

    private final String source;
    private final Topology topology;
    private int lineNumber;
    private boolean atEnd;
    private String name;
    private String model = "unknown";
    private double clockGhz;
    private long sharedCache = -1;
    private long samePackage = -1;
    private long perHop = -1;
    private long homeLink;
    private final TreeMap<Integer, Long> hops = new TreeMap<>();
    private final long[] costs = {EndpointCosts.DEFAULTS.send(), EndpointCosts.DEFAULTS.receive(),
        EndpointCosts.DEFAULTS.step(), EndpointCosts.DEFAULTS.l1Hit(), EndpointCosts.DEFAULTS.contextSwitch(),
        EndpointCosts.DEFAULTS.syscall()};

    private MachineFile(final String source)
    {
        this.source = source;
        this.topology = new Topology(this);
    }

    /** Reads a description from a file; errors name the file. */
    public static MachineSpec read(final Path file) throws IOException
    {
        return parse(file.toString(), Files.readString(file));
    }

    /**
     * Parses a description.
     *
     * @param source what to call the text in error messages (a file name or a machine name).
     * @throws MachineFormatException if a line is malformed or the topology is impossible.
     */
    public static MachineSpec parse(final String source, final String text)
    {
        final MachineFile file = new MachineFile(source);
        final List<String> lines = text.lines().toList();
        for (final String raw : lines)
        {
            file.lineNumber++;
            final int hash = raw.indexOf('#');
            final String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (!line.isEmpty())
            {
                file.directive(line.split("\\s+"));
            }
        }
        file.lineNumber = lines.size() + 1;
        file.atEnd = true;
        return file.finish();
    }

    private void directive(final String[] words)
    {
        switch (words[0])
        {
            case "machine" -> machine(words);
            case "model" -> model = String.join(" ", List.of(words).subList(1, words.length));
            case "clock-ghz" -> clock(words);
            case "package" -> topology.addPackage(words);
            case "cache" -> topology.addCache(words);
            case "link" ->
            {
                expectWords(words, 3, "link PACKAGE PACKAGE");
                topology.addLink(number(words[1], "a package number"), number(words[2], "a package number"));
            }
            case "latency" -> latency(words);
            case "coherence" ->
            {
                expectWords(words, 3, "coherence home-broadcast CYCLES");
                if (!words[1].equals("home-broadcast"))
                {
                    throw error("expected coherence home-broadcast CYCLES, got 'coherence " + words[1] + "'");
                }
                homeLink = cycles(words[2]);
            }
            case "cost" -> cost(words);
            default -> throw error("expected a directive (" + DIRECTIVES + "), got '" + words[0] + "'");
        }
    }

    private void machine(final String[] words)
    {
        expectWords(words, 2, "machine NAME");
        if (name != null)
        {
            throw error("the machine is already named '" + name + "'; expected one 'machine' line");
        }
        if (!NAME.matcher(words[1]).matches())
        {
            throw error("expected a machine name of lower-case letters, digits and . _ : -, got '" + words[1] + "'");
        }
        name = words[1];
    }

    private void clock(final String[] words)
    {
        expectWords(words, 2, "clock-ghz GHZ");
        try
        {
            clockGhz = Double.parseDouble(words[1]);
        }
        catch (final NumberFormatException ex)
        {
            clockGhz = Double.NaN;
        }
        if (!(clockGhz > 0 && clockGhz <= 100))
        {
            throw error("expected a clock rate in GHz above 0 and at most 100, got '" + words[1] + "'");
        }
    }

    private void latency(final String[] words)
    {
        final String form = "latency shared-cache|same-package|per-hop CYCLES or latency hop HOPS CYCLES";
        if (words.length == 4 && words[1].equals("hop"))
        {
            final int hop = number(words[2], "a hop count");
            if (hop < 1)
            {
                throw error("expected a hop count of at least 1, got " + hop);
            }
            hops.put(hop, cycles(words[3]));
            return;
        }
        expectWords(words, 3, form);
        final long value = cycles(words[2]);
        switch (words[1])
        {
            case "shared-cache" -> sharedCache = value;
            case "same-package" -> samePackage = value;
            case "per-hop" -> perHop = value;
            default -> throw error("expected " + form + ", got 'latency " + words[1] + "'");
        }
    }

    private void cost(final String[] words)
    {
        expectWords(words, 3, "cost send|receive|step|l1-hit|switch|syscall CYCLES");
        final int index = switch (words[1])
        {
            case "send" -> 0;
            case "receive" -> 1;
            case "step" -> 2;
            case "l1-hit" -> 3;
            case "switch" -> 4;
            case "syscall" -> 5;
            default -> throw error("expected cost send, receive, step, l1-hit, switch or syscall, got 'cost " + words[1] + "'");
        };
        costs[index] = cycles(words[2]);
    }

    private MachineSpec finish()
    {
        if (name == null)
        {
            throw error("expected a 'machine NAME' line");
        }
        if (clockGhz == 0)
        {
            throw error("expected a 'clock-ghz GHZ' line");
        }
        topology.validate();
        final long[] hopCycles = new long[topology.diameter() + 1];
        hopCycles[0] = samePackage;
        for (int hop = 1; hop < hopCycles.length; hop++)
        {
            hopCycles[hop] = hopLatency(hop);
        }
        if (topology.needsSharedCache() && sharedCache < 0)
        {
            throw error("expected 'latency shared-cache CYCLES': " + topology.needsSharedCacheWhy());
        }
        if (topology.needsSamePackage() && samePackage < 0)
        {
            throw error("expected 'latency same-package CYCLES': " + topology.needsSamePackageWhy());
        }
        return topology.build(name, source, model, clockGhz, sharedCache, samePackage, hopCycles, homeLink,
            new EndpointCosts(costs[0], costs[1], costs[2], costs[3], costs[4], costs[5]));
    }

    /** The latency across {@code hop} links: given, or extrapolated by 'latency per-hop' from the nearest given. */
    private long hopLatency(final int hop)
    {
        final Long given = hops.get(hop);
        if (given != null)
        {
            return given;
        }
        final var below = hops.floorEntry(hop);
        if (perHop >= 0 && below != null)
        {
            return below.getValue() + (hop - below.getKey()) * perHop;
        }
        throw error("expected 'latency hop " + hop + " CYCLES'" + (below == null ? "" : " or 'latency per-hop CYCLES'")
            + ": " + topology.hopsWhy(hop));
    }

    // ---- word parsing, shared with Topology ----

    MachineFormatException error(final String detail)
    {
        return new MachineFormatException(source, lineNumber, (atEnd ? "at the end: " : "") + detail);
    }

    void expectWords(final String[] words, final int count, final String form)
    {
        if (words.length != count)
        {
            throw error("expected '" + form + "', got '" + String.join(" ", words) + "'");
        }
    }

    int number(final String word, final String what)
    {
        try
        {
            final int value = Integer.parseInt(word);
            if (value >= 0)
            {
                return value;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw error("expected " + what + " (0 or more), got '" + word + "'");
    }

    private long cycles(final String word)
    {
        try
        {
            final long value = Long.parseLong(word);
            if (value >= 0 && value <= 1_000_000_000L)
            {
                return value;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw error("expected a number of cycles from 0 to 1000000000, got '" + word + "'");
    }

    List<Integer> cores(final String word)
    {
        try
        {
            final List<Integer> list = CpuList.parse(word);
            if (!list.isEmpty())
            {
                return list;
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw error("expected a core list such as 0-3 or 0,2,4-7, got '" + word + "'");
        }
        throw error("expected a core list such as 0-3 or 0,2,4-7, got an empty list");
    }

    long size(final String word)
    {
        final Matcher m = SIZE.matcher(word.toUpperCase(Locale.ROOT));
        if (!m.matches())
        {
            throw error("expected a cache size such as 512KiB or 2MiB, got '" + word + "'");
        }
        final long base = Long.parseLong(m.group(1));
        final String unit = m.group(2) == null ? "B" : m.group(2);
        final int shift = switch (unit.charAt(0))
        {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        return base << shift;
    }

    /** The line being read; one past the last once the whole text was read. */
    int line()
    {
        return lineNumber;
    }

    /** An error on an earlier line, found only once the whole text was read. */
    MachineFormatException errorAt(final int line, final String detail)
    {
        return new MachineFormatException(source, line, detail);
    }
}
