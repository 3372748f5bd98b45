package dev.flotilla.bench.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.bench.BenchMain;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every paper experiment in {@code --quick} mode at small sizes: it completes and writes well-formed Markdown
 * (the machine header, a table with rows) and PNG charts that decode at the expected size. Never its speed.
 */
class PaperExperimentsTest
{
    @TempDir
    Path out;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int bench(final String... args)
    {
        return BenchMain.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private String err()
    {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private String read(final String file) throws IOException
    {
        final Path path = out.resolve(file);
        assertTrue(Files.isRegularFile(path), () -> file + " was not written; " + err());
        return Files.readString(path);
    }

    /** The header names the machine and the date; a table has its rule and at least {@code rows} rows. */
    private static void assertTable(final String markdown, final int rows)
    {
        assertTrue(markdown.contains("- Machine: "), markdown);
        assertTrue(markdown.contains("- Date: 20"), markdown);
        assertTrue(markdown.contains("| ---"), markdown);
        final long tableLines = markdown.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| ---")).count();
        assertTrue(tableLines >= rows + 1, () -> "expected a header and " + rows + " rows:\n" + markdown);
    }

    private void assertPng(final String file, final int width, final int height) throws IOException
    {
        final Path path = out.resolve(file);
        assertTrue(Files.isRegularFile(path), () -> file + " was not written; " + err());
        final BufferedImage image = ImageIO.read(path.toFile());
        assertNotNull(image, file + " does not decode as an image");
        assertEquals(width, image.getWidth(), file);
        assertEquals(height, image.getHeight(), file);
    }

    @Test
    void urpcOnASimulatedMachineWritesItsTableAndChart() throws IOException
    {
        assertEquals(0, bench("urpc", "--quick", "--sim", "amd-4x4", "--out", out.toString()), err());
        final String doc = read("urpc.md");
        assertTable(doc, 3);
        assertTrue(doc.contains("SIMULATED: amd-4x4") && doc.contains("seed 1"), doc);
        assertTrue(doc.contains("| shared cache (paper: shared L3) | 0-1 |"), doc);
        assertPng("urpc-sim.png", LineChart.WIDTH, LineChart.HEIGHT);
    }

    @Test
    void urpcNativelyMeasuresEveryPairClassBetweenPinnedThreads() throws IOException
    {
        assertEquals(0, bench("urpc", "--quick", "--native", "--out", out.toString()), err());
        final String doc = read("urpc.md");
        assertTrue(doc.contains("- Machine: native: "), doc);
        if (Runtime.getRuntime().availableProcessors() >= 2)
        {
            assertTable(doc, 1);
            assertPng("urpc-native.png", LineChart.WIDTH, LineChart.HEIGHT);
        }
    }

    @Test
    void fig3OnASimulatedMachineRunsSharedMemoryAndTheOsMessagePath() throws IOException
    {
        assertEquals(0, bench("fig3", "--quick", "--sim", "amd-4x4", "--cores", "4", "--out", out.toString()), err());
        final String doc = read("fig3.md");
        assertTable(doc, 2);
        // SHM1 on 2 cores: the two writers alternate on one line homed at core 0's node, each write held there for
        // its probe round, 130 + 4 x 24 = 226 cycles (docs/04-simulator.md, "The home node"): 452 per update, 451 in
        // the quick run's short span (the update under way when it ends is not counted)
        assertTrue(doc.contains("| 2 | 451 [0] |"), doc);
        assertTrue(doc.contains("Crossovers"), doc);
        assertPng("fig3-amd-4x4.png", LineChart.WIDTH, LineChart.HEIGHT);
    }

    @Test
    void fig3NativelyUsesPinnedThreadsAndTheBootedOs() throws IOException
    {
        assertEquals(0, bench("fig3", "--quick", "--native", "--cores", "2", "--out", out.toString()), err());
        assertTable(read("fig3.md"), 1);
        assertPng("fig3-native.png", LineChart.WIDTH, LineChart.HEIGHT);
    }

    @Test
    void heatmapDrawsTheBootsRoundTripMatrix() throws IOException
    {
        assertEquals(0, bench("heatmap", "--quick", "--sim", "amd-2x2", "--out", out.toString()), err());
        final String doc = read("heatmap.md");
        assertTable(doc, 4);
        assertPng("heatmap-amd-2x2.png", HeatMap.SIZE, HeatMap.SIZE - 60);
    }

    @Test
    void lrpcOnASimulatedMachineWritesItsTableAndChart() throws IOException
    {
        assertEquals(0, bench("lrpc", "--quick", "--sim", "amd-2x2", "--out", out.toString()), err());
        final String doc = read("lrpc.md");
        assertTable(doc, 1);
        assertTrue(doc.contains("| amd-2x2 |"), doc);
        assertTrue(doc.contains("by construction"), doc);
        assertPng("lrpc-sim.png", LineChart.WIDTH, LineChart.HEIGHT);
    }

    @Test
    void lrpcNativelyRunsTheStubsInTheBootedOs() throws IOException
    {
        if (Runtime.getRuntime().availableProcessors() < 2)
        {
            return;
        }
        assertEquals(0, bench("lrpc", "--quick", "--native", "--out", out.toString()), err());
        final String doc = read("lrpc.md");
        assertTable(doc, 1);
        assertTrue(doc.contains("| native |"), doc);
    }

    @Test
    void twoPcOnASimulatedMachineRunsRoundsAlongEveryTree() throws IOException
    {
        assertEquals(0, bench("2pc", "--quick", "--sim", "amd-4x4", "--cores", "4", "--out", out.toString()), err());
        final String doc = read("2pc.md");
        assertTable(doc, 2);
        assertTrue(doc.contains("| cores | broadcast single | broadcast pipelined |"), doc);
        assertTrue(doc.lines().filter(l -> l.startsWith("| 2 |") || l.startsWith("| 4 |")).count() == 2, doc);
        assertPng("2pc-amd-4x4.png", LineChart.WIDTH, LineChart.HEIGHT);
    }

    @Test
    void twoPcNativelyRunsRoundsThroughTheBootedOs() throws IOException
    {
        if (Runtime.getRuntime().availableProcessors() < 2)
        {
            return;
        }
        assertEquals(0, bench("2pc", "--quick", "--native", "--cores", "2", "--out", out.toString()), err());
        assertTable(read("2pc.md"), 1);
        assertPng("2pc-native.png", LineChart.WIDTH, LineChart.HEIGHT);
    }

    @Test
    void unmapOnASimulatedMachineRunsEveryTreeAndTheSharedMemoryBaseline() throws IOException
    {
        assertEquals(0, bench("unmap", "--quick", "--sim", "amd-8x4", "--cores", "4", "--out", out.toString()), err());
        final String doc = read("agreement.md");
        assertTable(doc, 2);
        assertTrue(doc.contains("| cores | broadcast round | unicast round | multicast round | numa round | broadcast unmap"),
            doc);
        assertTrue(doc.contains("shared table | failures |") && doc.lines().filter(l -> l.startsWith("| 2 |")
            || l.startsWith("| 4 |")).count() == 2, doc);
        assertTrue(doc.contains("SIMULATED: amd-8x4") && doc.contains("## Against the targets"), doc);
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("unmap: simulated amd-8x4, 4 cores")
            || err().contains("unmap: simulated amd-8x4, 4 cores"), "progress is printed");
        assertPng("unmap-fig6-amd-8x4.png", LineChart.WIDTH, LineChart.HEIGHT);
        assertPng("unmap-fig7-amd-8x4.png", LineChart.WIDTH, LineChart.HEIGHT);
    }

    @Test
    void unmapNativelyRunsTheOsTheSharedTableAndLinuxMunmap() throws IOException
    {
        if (Runtime.getRuntime().availableProcessors() < 2)
        {
            return;
        }
        assertEquals(0, bench("unmap", "--quick", "--native", "--cores", "2", "--out", out.toString()), err());
        final String doc = read("agreement.md");
        assertTable(doc, 1);
        assertTrue(doc.contains("Linux munmap") && doc.contains("The same in nanoseconds"), doc);
        assertPng("unmap-native.png", LineChart.WIDTH, LineChart.HEIGHT);
    }

    @Test
    void memservOnASimulatedMachineAllocatesFromBothDesignsAndCarriesACapability() throws IOException
    {
        assertEquals(0, bench("memserv", "--quick", "--sim", "amd-4x4", "--out", out.toString()), err());
        final String doc = read("memserv.md");
        assertTable(doc, 4);
        assertTrue(doc.contains("SIMULATED: amd-4x4"), doc);
        // 1, 2, 4 and 8 cores, every load finished on every core (the failures column says "-")
        for (final String cores : List.of("1", "2", "4", "8"))
        {
            assertTrue(doc.lines().anyMatch(l -> l.startsWith("| " + cores + " |") && l.endsWith("| - |")),
                () -> cores + " cores:\n" + doc);
        }
        assertTrue(doc.lines().anyMatch(l -> l.startsWith("| core 1 (same package) |") && l.endsWith("| - |")), doc);
        assertTrue(doc.lines().anyMatch(l -> l.startsWith("| core 4 (another package) |") && l.endsWith("| - |")), doc);
        assertPng("memserv-amd-4x4.png", LineChart.WIDTH, LineChart.HEIGHT);
    }

    @Test
    void memservNativelyRunsTheLoadThroughTheBootedOs() throws IOException
    {
        if (Runtime.getRuntime().availableProcessors() < 2)
        {
            return;
        }
        assertEquals(0, bench("memserv", "--quick", "--native", "--cores", "2", "--out", out.toString()), err());
        final String doc = read("memserv.md");
        assertTable(doc, 2);
        assertTrue(doc.lines().anyMatch(l -> l.startsWith("| 2 |") && l.endsWith("| - |")), doc);
        assertTrue(doc.lines().anyMatch(l -> l.startsWith("| core 1 |") && l.endsWith("| - |")), doc);
        assertPng("memserv-native.png", LineChart.WIDTH, LineChart.HEIGHT);
    }

    @Test
    void paperWritesOneSectionPerExperiment() throws IOException
    {
        assertEquals(0, bench("paper", "--quick", "--sim", "amd-2x2", "--out", out.toString()), err());
        final String paper = read("paper.md");
        for (final String section : List.of("## urpc:", "## fig3:", "## heatmap:", "## lrpc:", "## unmap:", "## 2pc:"))
        {
            assertTrue(paper.contains(section), () -> section + " missing:\n" + paper);
        }
        assertTrue(paper.contains("- Date: 20"), paper);
        assertTrue(paper.contains("**Here:** Simulated amd-2x2: 2 cores: rounds broadcast"), paper);
        assertEquals(6, paper.lines().filter(l -> l.startsWith("**Does the claim hold here?**")).count(), paper);
        assertPng("fig3-amd-2x2.png", LineChart.WIDTH, LineChart.HEIGHT);
        assertPng("urpc-sim.png", LineChart.WIDTH, LineChart.HEIGHT);
        assertPng("lrpc-sim.png", LineChart.WIDTH, LineChart.HEIGHT);
        assertPng("2pc-amd-2x2.png", LineChart.WIDTH, LineChart.HEIGHT);
        assertPng("unmap-fig6-amd-2x2.png", LineChart.WIDTH, LineChart.HEIGHT);
        assertPng("unmap-fig7-amd-2x2.png", LineChart.WIDTH, LineChart.HEIGHT);
        assertTrue(!paper.contains("## 2pc: two-phase commit (Fig. 8)\n\n**The paper:** two-phase commit over the monitors, "
            + "single") && !paper.contains("**Here:** not yet available: natively it is"), paper);
    }

    @Test
    void badOptionsAreUsageErrors()
    {
        assertEquals(BenchMain.USAGE, bench("fig3", "--cores"));
        assertTrue(err().contains("fig3: --cores needs a value"), err());
        assertEquals(BenchMain.USAGE, bench("urpc", "--sim", "amd-9x9", "--out", out.toString()));
        assertTrue(err().contains("unknown machine 'amd-9x9'"), err());
        assertEquals(0, bench("paper", "--help"));
        assertThrows(IllegalArgumentException.class, () -> ExperimentOptions.parse(new String[] {"--native", "--sim",
            "amd-2x2"}));
    }

    @Test
    void markdownTablesAlignNumbersAndEscapeCells()
    {
        final String table = new MarkdownTable("name", "cycles#").row("a|b", 1234.0).row("c", 0.5).render();
        assertEquals("| name | cycles |\n| --- | ---: |\n| a\\|b | 1,234 |\n| c | 0.50 |\n", table);
        assertThrows(IllegalArgumentException.class, () -> new MarkdownTable("one").row("a", "b"));
    }
}
