package dev.flotilla.sim.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.platform.topology.Machine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The machine description format: the shipped machines, generic machines, and every kind of bad input. */
class MachineFileTest
{
    private static final String HEAD = "machine test\nclock-ghz 2.0\n";

    @Test
    void thePapersFourMachinesLoadWithTheirShape()
    {
        final MachineSpec intel = Machines.load("intel-2x4");
        assertEquals(8, intel.cores());
        assertEquals(2, intel.packages());
        assertEquals(2.66, intel.clockGhz());
        assertEquals(Proximity.SHARED_CACHE, intel.proximity(0, 1), "a die's two cores share its L2");
        assertEquals(Proximity.SAME_PACKAGE, intel.proximity(1, 2), "the package's two dies share nothing");
        assertEquals(1, intel.topology().numaNodes().size(), "one memory controller for both packages");

        final MachineSpec amd2 = Machines.load("amd-2x2");
        assertEquals(4, amd2.cores());
        assertEquals(Proximity.SAME_PACKAGE, amd2.proximity(0, 1), "private L2s only");
        assertEquals(1, amd2.hops(0, 2));

        final MachineSpec amd4 = Machines.load("amd-4x4");
        assertEquals(16, amd4.cores());
        assertEquals(2, amd4.diameter(), "a square of four links");
        assertEquals(2, amd4.hops(0, 8));

        final MachineSpec amd8 = Machines.load("amd-8x4");
        assertEquals(32, amd8.cores());
        assertEquals(8, amd8.packages());
        assertEquals(3, amd8.diameter(), "the paper's board is at most three hops across");
        assertEquals(Proximity.SHARED_CACHE, amd8.proximity(0, 3));
        assertEquals(1, amd8.hops(0, 4));
        assertEquals(2, amd8.hops(0, 8));
        assertEquals(3, amd8.hops(0, 24));
    }

    @Test
    void theTopologyIsWhatTheOsSees()
    {
        final Machine machine = Machines.load("amd-8x4").topology();
        assertTrue(machine.simulated());
        assertEquals("amd-8x4", machine.name());
        assertEquals(2_000_000_000L, machine.frequencyHz());
        assertEquals(32, machine.cpus().size());
        assertEquals(8, machine.packageCount());
        assertEquals(List.of(10, 16, 22, 28, 16, 22, 28, 28), machine.numaNodes().getFirst().distances(),
            "10 local, +6 per hop");
        assertEquals(List.of(0, 1, 2, 3), machine.numaNodes().getFirst().cpus());
        assertEquals(32 + 32 + 8, machine.caches().size(), "L1 and L2 per core, L3 per package");
        assertEquals(List.of(4, 5, 6, 7), machine.caches().get(65).sharedCpus());
    }

    @ParameterizedTest
    @CsvSource({"generic:64x8, 64, 8, 3", "generic:32x8, 32, 8, 3", "generic:128x16, 128, 16, 4",
        "generic:6x3, 6, 3, 2", "generic:1x1, 1, 1, 0", "generic:16x16, 16, 16, 4"})
    void genericMachinesAreHypercubesOfPackages(final String name, final int cores, final int packages,
        final int diameter)
    {
        final MachineSpec spec = Machines.load(name);
        assertEquals(cores, spec.cores());
        assertEquals(packages, spec.packages());
        assertEquals(diameter, spec.diameter());
        assertEquals(name, spec.name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "generic:0x1    | a generic machine has 1 to 128 cores, not 0",
        "generic:129x1  | a generic machine has 1 to 128 cores, not 129",
        "generic:10x3   | the sockets must divide the cores evenly; 10 cores cannot fill 3 sockets",
        "generic:64x0   | the sockets must divide the cores evenly",
        "generic:64     | expected generic:CORESxSOCKETS such as generic:64x8, got 'generic:64'",
        "amd-9x9        | unknown machine 'amd-9x9'; known machines: intel-2x4, amd-2x2, amd-4x4, amd-8x4, generic:",
        "no/such.machine | machine file no/such.machine does not exist; known machines: intel-2x4",
    })
    void unknownOrImpossibleNamesSayWhatIsKnown(final String name, final String expected)
    {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Machines.load(name));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    static Stream<Arguments> malformed()
    {
        return Stream.of(
            Arguments.of("clock-ghz two", 3,
                "expected a clock rate in GHz above 0 and at most 100, got 'two'"),
            Arguments.of("frobnicate 3", 3,
                "expected a directive (machine, model, clock-ghz, package, cache, link, latency, coherence or cost), got 'frobnicate'"),
            Arguments.of("coherence directory 35", 3,
                "expected coherence home-broadcast CYCLES, got 'coherence directory'"),
            Arguments.of("package 0 cores 0-3", 3,
                "expected 'package P cores LIST node N', got 'package 0 cores 0-3'"),
            Arguments.of("package 0 cores 3-1 node 0", 3,
                "expected a core list such as 0-3 or 0,2,4-7, got '3-1'"),
            Arguments.of("package 0 cores 0-3 node 0\npackage 1 cores 3-5 node 1", 4,
                "core 3 is already in package 0 (line 3); a core is in exactly one package"),
            Arguments.of("package 0 cores 0-1 node 0\npackage 0 cores 2-3 node 0", 4,
                "package 0 is already declared on line 3"),
            Arguments.of("", 3,
                "at the end: expected at least one 'package P cores LIST node N' line: a machine needs cores"),
            Arguments.of("package 0 cores 0-1,3 node 0", 4,
                "at the end: cores must be numbered from 0 without gaps; core 2 is in no package"),
            Arguments.of("package 1 cores 0-1 node 0", 4,
                "at the end: packages must be numbered from 0 without gaps; package 0 is not declared"),
            Arguments.of("package 0 cores 0 node 0\npackage 1 cores 1 node 0\nlink 0 5", 5,
                "no package 5; packages are 0 to 1"),
            Arguments.of("package 0 cores 0 node 0\npackage 1 cores 1 node 1", 5,
                "at the end: package 1 cannot be reached from package 0 by links; expected 'link P Q' lines joining every package"),
            Arguments.of("package 0 cores 0 node 0\npackage 1 cores 1 node 1\nlink 0 1", 6,
                "at the end: expected 'latency hop 1 CYCLES': packages 0 and 1 are 1 link apart"),
            Arguments.of("package 0 cores 0-1 node 0\ncache L3 2MiB per-package", 5,
                "at the end: expected 'latency shared-cache CYCLES': cores 0 and 1 share a cache"),
            Arguments.of("package 0 cores 0-1 node 0", 4,
                "at the end: expected 'latency same-package CYCLES': cores 0 and 1 are in package 0 and share no cache"),
            Arguments.of("package 0 cores 0 node 0\npackage 1 cores 1 node 1\nlink 0 1\ncache L2 1MiB shared-by 0-1", 6,
                "a cache is inside one package, but cores 0 and 1 are in packages 0 and 1"),
            Arguments.of("package 0 cores 0-1 node 0\ncache L2 1MiB per-core\ncache L2 1MiB shared-by 0-1", 5,
                "core 0 is already in an L2 cache (line 4)"),
            Arguments.of("cache L2 lots per-core", 3,
                "expected a cache size such as 512KiB or 2MiB, got 'lots'"),
            Arguments.of("latency hop 0 100", 3,
                "expected a hop count of at least 1, got 0"),
            Arguments.of("latency far 100", 3,
                "expected latency shared-cache|same-package|per-hop CYCLES or latency hop HOPS CYCLES, got 'latency far'"),
            Arguments.of("cost send -1", 3,
                "expected a number of cycles from 0 to 1000000000, got '-1'"),
            Arguments.of("machine again", 3,
                "the machine is already named 'test'; expected one 'machine' line"),
            Arguments.of("link 2 2", 3,
                "a link joins two different packages, got 'link 2 2'"),
            Arguments.of("package 0 cores 0-1 node 1\nlatency same-package 10", 5,
                "at the end: NUMA nodes must be numbered from 0 without gaps; node 0 has no package"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedDescriptionsNameTheLineAndWhatWasExpected(final String body, final int line, final String expected)
    {
        final MachineFormatException error = assertThrows(MachineFormatException.class,
            () -> MachineFile.parse("test.machine", HEAD + body));
        assertEquals("test.machine:" + line + ": " + expected, error.getMessage());
        assertEquals(line, error.line());
    }

    @Test
    void aDescriptionNeedsANameAndAClock()
    {
        assertEquals("x.machine:2: at the end: expected a 'machine NAME' line",
            assertThrows(MachineFormatException.class, () -> MachineFile.parse("x.machine", "clock-ghz 1\n")).getMessage());
        assertEquals("x.machine:2: at the end: expected a 'clock-ghz GHZ' line",
            assertThrows(MachineFormatException.class, () -> MachineFile.parse("x.machine", "machine x\n")).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd-8x4", "generic:64x8"})
    void aFileRoundTripsAndErrorsNameTheFile(final String name, @TempDir final Path dir) throws Exception
    {
        final Path good = dir.resolve("mine.machine");
        Files.writeString(good, """
            # two packages of two cores
            machine mine
            clock-ghz 3.0
            package 0 cores 0-1 node 0
            package 1 cores 2-3 node 1
            cache L3 8MiB per-package
            link 0 1
            latency shared-cache 100
            latency hop 1 300
            """);
        final MachineSpec spec = Machines.load(good.toString());
        assertEquals("mine", spec.name());
        assertEquals(4, spec.cores());
        assertEquals(100, spec.nanos(300), "300 cycles at 3 GHz");
        assertEquals(EndpointCosts.DEFAULTS, spec.costs(), "costs not given take the defaults");
        final Path bad = dir.resolve("bad.machine");
        Files.writeString(bad, "machine bad\nclock-ghz 1\npackage 0 cores 0 node zero\n");
        final MachineFormatException error = assertThrows(MachineFormatException.class,
            () -> Machines.load(bad.toString()));
        assertEquals(bad + ":3: expected a NUMA node number (0 or more), got 'zero'", error.getMessage());
        assertTrue(Machines.load(name).cores() > 0);
    }
}
