package dev.flotilla.platform.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flotilla.platform.topology.Cache;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery against fixture trees under {@code src/test/resources/sys/<shape>/{sys,proc}}, each a
 * copy of only the files discovery reads. Every shape is checked against the whole expected machine.
 */
final class SysfsDiscoveryTest
{
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    @TempDir
    Path temp;

    @Test
    void oneSocketFourCoresWithoutSmt()
    {
        final List<Cache> caches = new ArrayList<>();
        for (int cpu = 0; cpu < 4; cpu++)
        {
            caches.add(new Cache(1, "Data", 32 * KIB, List.of(cpu)));
            caches.add(new Cache(1, "Instruction", 32 * KIB, List.of(cpu)));
        }
        for (int cpu = 0; cpu < 4; cpu++)
        {
            caches.add(new Cache(2, "Unified", 256 * KIB, List.of(cpu)));
        }
        caches.add(new Cache(3, "Unified", 6 * MIB, List.of(0, 1, 2, 3)));

        // cpufreq's maximum wins over the momentary "cpu MHz : 800.012" in cpuinfo.
        assertEquals(new Machine("box", "Intel(R) Core(TM) i5-7500 CPU @ 3.40GHz", 3_800_000_000L,
                List.of(
                    new Cpu(0, 0, 0, 0, List.of(0)),
                    new Cpu(1, 0, 1, 0, List.of(1)),
                    new Cpu(2, 0, 2, 0, List.of(2)),
                    new Cpu(3, 0, 3, 0, List.of(3))),
                List.of(new NumaNode(0, List.of(0, 1, 2, 3), 16_314_660 * KIB, List.of(10))),
                caches, false),
            discover("one-socket-4-cores"));
    }

    @Test
    void twoSocketsTwoNumaNodesAndSmtSiblings()
    {
        final List<Integer> socket0 = List.of(0, 1, 2, 3, 8, 9, 10, 11);
        final List<Integer> socket1 = List.of(4, 5, 6, 7, 12, 13, 14, 15);
        final List<Cache> caches = new ArrayList<>();
        for (int core = 0; core < 8; core++)
        {
            caches.add(new Cache(1, "Data", 32 * KIB, List.of(core, core + 8)));
            caches.add(new Cache(1, "Instruction", 32 * KIB, List.of(core, core + 8)));
        }
        for (int core = 0; core < 8; core++)
        {
            caches.add(new Cache(2, "Unified", MIB, List.of(core, core + 8)));
        }
        caches.add(new Cache(3, "Unified", 11 * MIB, socket0));
        caches.add(new Cache(3, "Unified", 11 * MIB, socket1));

        assertEquals(new Machine("big", "Intel(R) Xeon(R) Silver 4208 CPU @ 2.10GHz", 2_100_000_000L,
                List.of(
                    new Cpu(0, 0, 0, 0, List.of(0, 8)),
                    new Cpu(1, 0, 1, 0, List.of(1, 9)),
                    new Cpu(2, 0, 2, 0, List.of(2, 10)),
                    new Cpu(3, 0, 3, 0, List.of(3, 11)),
                    new Cpu(4, 1, 0, 1, List.of(4, 12)),
                    new Cpu(5, 1, 1, 1, List.of(5, 13)),
                    new Cpu(6, 1, 2, 1, List.of(6, 14)),
                    new Cpu(7, 1, 3, 1, List.of(7, 15)),
                    new Cpu(8, 0, 0, 0, List.of(0, 8)),
                    new Cpu(9, 0, 1, 0, List.of(1, 9)),
                    new Cpu(10, 0, 2, 0, List.of(2, 10)),
                    new Cpu(11, 0, 3, 0, List.of(3, 11)),
                    new Cpu(12, 1, 0, 1, List.of(4, 12)),
                    new Cpu(13, 1, 1, 1, List.of(5, 13)),
                    new Cpu(14, 1, 2, 1, List.of(6, 14)),
                    new Cpu(15, 1, 3, 1, List.of(7, 15))),
                List.of(
                    new NumaNode(0, socket0, 32_766_112 * KIB, List.of(10, 21)),
                    new NumaNode(1, socket1, 33_021_952 * KIB, List.of(21, 10))),
                caches, false),
            discover("two-sockets-numa-smt", "big"));
    }

    @Test
    void offlineCpusAreLeftOutEverywhere()
    {
        // arm64 big.LITTLE with CPUs 3, 4 and 6 offline. The L3's shared_cpu_list still names them
        // (0-7); discovery must drop them there too. No node meminfo or distance: both unknown.
        final List<Integer> online = List.of(0, 1, 2, 5, 7);
        final List<Cache> caches = new ArrayList<>();
        for (final int cpu : online)
        {
            caches.add(new Cache(1, "Data", 32 * KIB, List.of(cpu)));
            caches.add(new Cache(1, "Instruction", 32 * KIB, List.of(cpu)));
        }
        caches.add(new Cache(2, "Unified", 128 * KIB, List.of(0, 1, 2)));
        caches.add(new Cache(2, "Unified", 512 * KIB, List.of(5, 7)));
        caches.add(new Cache(3, "Unified", 2 * MIB, online));

        // No "model name" on arm64: the first CPU's implementer and part; the big cores' 2.4 GHz wins.
        assertEquals(new Machine("board", "implementer 0x41 part 0xd05", 2_400_000_000L,
                List.of(
                    new Cpu(0, 0, 0, 0, List.of(0)),
                    new Cpu(1, 0, 1, 0, List.of(1)),
                    new Cpu(2, 0, 2, 0, List.of(2)),
                    new Cpu(5, 1, 1, 0, List.of(5)),
                    new Cpu(7, 1, 3, 0, List.of(7))),
                List.of(new NumaNode(0, online, 0, List.of())),
                caches, false),
            discover("offline-cpus", "board"));
    }

    @Test
    void withoutNodeDirectoryOneNodeHoldsEverything()
    {
        // Memory comes from /proc/meminfo; no cache directories, no model name, no frequency anywhere.
        assertEquals(new Machine("tiny", "unknown", 0,
                List.of(
                    new Cpu(0, 0, 0, 0, List.of(0, 1)),
                    new Cpu(1, 0, 0, 0, List.of(0, 1))),
                List.of(new NumaNode(0, List.of(0, 1), 2_009_376 * KIB, List.of(SysfsDiscovery.LOCAL_DISTANCE))),
                List.of(), false),
            discover("no-numa-node-dir", "tiny"));
    }

    @Test
    void thisHostAsCaptured()
    {
        // The 2-vCPU AMD EPYC VM the project was started on; no cpufreq there, so "cpu MHz" counts.
        assertEquals(new Machine("vm", "AMD EPYC", 2_596_128_000L,
                List.of(
                    new Cpu(0, 0, 0, 0, List.of(0)),
                    new Cpu(1, 0, 1, 0, List.of(1))),
                List.of(new NumaNode(0, List.of(0, 1), 3_893_452 * KIB, List.of(10))),
                List.of(
                    new Cache(1, "Data", 32 * KIB, List.of(0)),
                    new Cache(1, "Instruction", 32 * KIB, List.of(0)),
                    new Cache(1, "Data", 32 * KIB, List.of(1)),
                    new Cache(1, "Instruction", 32 * KIB, List.of(1)),
                    new Cache(2, "Unified", MIB, List.of(0)),
                    new Cache(2, "Unified", MIB, List.of(1)),
                    new Cache(3, "Unified", 32 * MIB, List.of(0, 1))),
                false),
            discover("this-host", "vm"));
    }

    @Test
    void onlyTheOnlineListIsNeeded() throws IOException
    {
        write("sys/devices/system/cpu/online", "0-2\n");

        assertEquals(new Machine("bare", "unknown", 0,
                List.of(
                    new Cpu(0, 0, 0, 0, List.of(0)),
                    new Cpu(1, 0, 1, 0, List.of(1)),
                    new Cpu(2, 0, 2, 0, List.of(2))),
                List.of(new NumaNode(0, List.of(0, 1, 2), 0, List.of(10))),
                List.of(), false),
            SysfsDiscovery.discover(temp.resolve("sys"), temp.resolve("proc"), "bare"));
    }

    @Test
    void aMissingOnlineListIsAClearError()
    {
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> SysfsDiscovery.discover(temp.resolve("sys"), temp.resolve("proc"), "none"));
        assertEquals("cannot discover CPUs: " + temp.resolve("sys/devices/system/cpu/online") + " is missing",
            e.getMessage());
    }

    @Test
    void malformedOnlineList() throws IOException
    {
        assertMalformed("sys/devices/system/cpu/online", "0-", "'0-'");
        assertMalformed("sys/devices/system/cpu/online", "\n", "no CPU is online");
    }

    @Test
    void malformedTopology() throws IOException
    {
        assertMalformed("sys/devices/system/cpu/cpu1/topology/core_id", "one", "'one' (expected an integer)");
        assertMalformed("sys/devices/system/cpu/cpu0/topology/core_cpus_list", "0,,8", "'0,,8'");
    }

    @Test
    void malformedCache() throws IOException
    {
        assertMalformed("sys/devices/system/cpu/cpu1/cache/index2/size", "1024Q",
            "'1024Q' (expected a size such as 32K, 16M or 4096)");
        assertMalformed("sys/devices/system/cpu/cpu1/cache/index2/level", "L2", "'L2' (expected an integer)");
    }

    @Test
    void malformedNumaFiles() throws IOException
    {
        assertMalformed("sys/devices/system/node/node0/meminfo", "Node 0 MemTotal:  lots kB",
            "'lots' (expected MemTotal: <number> kB)");
        assertMalformed("sys/devices/system/node/node0/meminfo", "Node 0 MemTotal:  1234 MB",
            "'Node 0 MemTotal:  1234 MB' (expected MemTotal: <number> kB)");
        assertMalformed("sys/devices/system/node/node0/distance", "10 far", "'far' (expected an integer)");
        assertMalformed("sys/devices/system/node/online", "0-x", "'0-x'");
    }

    @Test
    void malformedFrequencies() throws IOException
    {
        assertMalformed("proc/cpuinfo", "processor : 0\ncpu MHz : fast\n", "'cpu MHz : fast' (expected a frequency in MHz)");
        assertMalformed("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", "-5",
            "'-5' (expected a frequency in kHz)");
    }

    @Test
    void theHostIsDiscoverable()
    {
        final Path online = Path.of("/sys/devices/system/cpu/online");
        assumeTrue(Files.isReadable(online), "no /sys on this host");
        final Machine host = SysfsDiscovery.discoverHost();
        assertFalse(host.simulated());
        assertFalse(host.name().isEmpty());
        assertEquals(CpuList.parse(read(online)), host.cpus().stream().map(Cpu::id).toList());
        for (final Cpu cpu : host.cpus())
        {
            assertTrue(cpu.threadSiblings().contains(cpu.id()), cpu.toString());
            assertTrue(host.numaNodes().stream().anyMatch(n -> n.id() == cpu.numaNode()), cpu.toString());
        }
    }

    /**
     * Copies this host's fixture (the smallest), overwrites one file with {@code text}, and checks that discovery
     * fails naming that file and showing the bad text.
     */
    private void assertMalformed(final String relative, final String text, final String expected) throws IOException
    {
        final Path copy = Files.createTempDirectory(temp, "shape");
        copyTree(fixture("this-host"), copy);
        final Path file = copy.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> SysfsDiscovery.discover(copy.resolve("sys"), copy.resolve("proc"), "bad"));
        assertTrue(e.getMessage().startsWith("malformed " + file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private void write(final String relative, final String text) throws IOException
    {
        final Path file = temp.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static Machine discover(final String shape)
    {
        return discover(shape, "box");
    }

    private static Machine discover(final String shape, final String hostName)
    {
        final Path root = fixture(shape);
        return SysfsDiscovery.discover(root.resolve("sys"), root.resolve("proc"), hostName);
    }

    private static Path fixture(final String shape)
    {
        try
        {
            return Path.of(SysfsDiscoveryTest.class.getResource("/sys/" + shape).toURI());
        }
        catch (final URISyntaxException e)
        {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path source : paths.toList())
            {
                final Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
