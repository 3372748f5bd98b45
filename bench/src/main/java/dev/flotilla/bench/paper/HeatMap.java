package dev.flotilla.bench.paper;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * A boot's round-trip matrix as a PNG heat map: one cell per ordered pair of cores, coloured by the pair's
 * median round trip in cycles (cool near, hot far); the diagonal and unmeasured pairs (negative) are left blank.
 */
public final class HeatMap
{
    /** The size of the PNG, in pixels. */
    public static final int SIZE = 900;

    private HeatMap()
    {
    }

    /**
     * Writes the matrix to {@code file}.
     *
     * @param title  what it shows.
     * @param header the machine and the date.
     * @param cycles the square matrix, in cycles; entries below or at 0 are not drawn.
     */
    public static void writePng(final Path file, final String title, final MachineHeader header, final double[][] cycles)
        throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final int n = cycles.length;
        final HeatMapChart chart = new HeatMapChartBuilder().width(SIZE).height(SIZE - 60)
            .title(title + " (" + header.name() + ", " + header.date().toString().substring(0, 10) + ")").xAxisTitle("core").yAxisTitle("core").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(n <= 8);
        chart.getStyler().setHeatMapValueDecimalPattern("#,###");
        chart.getStyler().setRangeColors(new Color[] {new Color(0x2c, 0x7b, 0xb6), new Color(0xff, 0xff, 0xbf),
            new Color(0xd7, 0x19, 0x1c)});
        final List<Number[]> data = new ArrayList<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int a = 0; a < n; a++)
        {
            if (cycles[a].length != n)
            {
                throw new IllegalArgumentException("row " + a + " has " + cycles[a].length + " entries, not " + n);
            }
            for (int b = 0; b < n; b++)
            {
                if (a != b && cycles[a][b] > 0)
                {
                    data.add(new Number[] {a, b, Math.round(cycles[a][b])});
                    min = Math.min(min, cycles[a][b]);
                    max = Math.max(max, cycles[a][b]);
                }
            }
        }
        if (data.isEmpty())
        {
            data.add(new Number[] {0, 0, 0});
            min = 0;
            max = 1;
        }
        chart.getStyler().setMin(Math.floor(min)).setMax(Math.ceil(Math.max(max, min + 1)));
        final List<Integer> axis = IntStream.range(0, Math.max(1, n)).boxed().toList();
        chart.addSeries("round trip (cycles)", axis, axis, data);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
