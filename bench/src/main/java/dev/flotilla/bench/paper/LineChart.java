package dev.flotilla.bench.paper;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG line chart of results against a parameter (cores, pair class): our curves as solid lines with
 * markers, baselines dashed, the paper's published points as unconnected open markers, all in cycles on the
 * left axis; natively a right axis shows the same scale in nanoseconds. Drawn headless, so it runs on a server
 * and in the test suite. Series are drawn in the order added.
 */
public final class LineChart
{
    /** The size of every chart, in pixels. */
    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;

    /** How a series is drawn. */
    public enum Kind
    {
        /** Our measurement: solid line, filled markers. */
        OURS,
        /** A baseline measured in the same run: dashed line. */
        BASELINE,
        /** The paper's published points: open markers, no line. */
        PAPER
    }

    private record Curve(String name, double[] x, double[] y, Kind kind, int family)
    {
    }

    /** Colours by family: a curve and the paper's points for it share one. */
    private static final Color[] PALETTE = {new Color(0x1f, 0x77, 0xb4), new Color(0xff, 0x7f, 0x0e),
        new Color(0x2c, 0xa0, 0x2c), new Color(0xd6, 0x27, 0x28), new Color(0x94, 0x67, 0xbd),
        new Color(0x8c, 0x56, 0x4b), new Color(0xe3, 0x77, 0xc2), new Color(0x7f, 0x7f, 0x7f),
        new Color(0xbc, 0xbd, 0x22), new Color(0x17, 0xbe, 0xcf)};

    private final String title;
    private final MachineHeader header;
    private final String xTitle;
    private final String yTitle;
    private final List<Curve> curves = new ArrayList<>();
    private boolean logarithmic;
    /** False when the left axis is not in cycles (a rate), so no nanosecond axis goes beside it. */
    private boolean nsAxis = true;

    /**
     * @param title    what the chart shows.
     * @param header   the machine and the date, named in the title.
     * @param xTitle   the x axis.
     * @param yTitle   the left axis (cycles).
     */
    public LineChart(final String title, final MachineHeader header, final String xTitle, final String yTitle)
    {
        this.title = title;
        this.header = header;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
    }

    /** Draws the cycles (and ns) axes on a logarithmic scale: for curves orders of magnitude apart. */
    public LineChart logarithmic()
    {
        logarithmic = true;
        return this;
    }

    /** Leaves out the nanosecond axis: for a left axis that is not in cycles, such as a rate. */
    public LineChart withoutNsAxis()
    {
        nsAxis = false;
        return this;
    }

    /** Adds a curve in a colour of its own; points whose y is NaN are left out. */
    public LineChart add(final String name, final double[] x, final double[] y, final Kind kind)
    {
        return add(name, x, y, kind, curves.size() + 100);
    }

    /**
     * Adds a curve in the colour of {@code family}: curves of one family (ours and the paper's points for the same
     * series) share a colour. Points whose y is NaN are left out.
     */
    public LineChart add(final String name, final double[] x, final double[] y, final Kind kind, final int family)
    {
        if (x.length != y.length)
        {
            throw new IllegalArgumentException(name + ": " + x.length + " x values and " + y.length + " y values");
        }
        int n = 0;
        for (final double v : y)
        {
            n += Double.isNaN(v) ? 0 : 1;
        }
        final double[] xs = new double[n];
        final double[] ys = new double[n];
        for (int i = 0, j = 0; i < x.length; i++)
        {
            if (!Double.isNaN(y[i]))
            {
                xs[j] = x[i];
                ys[j++] = y[i];
            }
        }
        if (n > 0)
        {
            curves.add(new Curve(name, xs, ys, kind, family));
        }
        return this;
    }

    /** Draws the chart and writes it to {@code file} as PNG, creating the folder if needed. */
    public void writePng(final Path file) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title + " (" + header.name()
            + ", " + header.date().toString().substring(0, 10) + ")").xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        final Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setMarkerSize(7);
        chart.getStyler().setYAxisLogarithmic(logarithmic);
        double max = 0;
        double min = Double.MAX_VALUE;
        for (final Curve curve : curves)
        {
            final XYSeries series = chart.addSeries(curve.name(), curve.x(), curve.y());
            series.setYAxisGroup(0);
            final Color colour = PALETTE[Math.floorMod(curve.family(), PALETTE.length)];
            series.setLineColor(colour);
            series.setMarkerColor(colour);
            switch (curve.kind())
            {
                case OURS -> series.setMarker(SeriesMarkers.CIRCLE).setLineStyle(SeriesLines.SOLID);
                case BASELINE -> series.setMarker(SeriesMarkers.SQUARE).setLineStyle(SeriesLines.DASH_DASH);
                case PAPER -> series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
                    .setMarker(SeriesMarkers.DIAMOND);
            }
            for (final double v : curve.y())
            {
                max = Math.max(max, v);
                min = v > 0 ? Math.min(min, v) : min;
            }
        }
        if (curves.isEmpty())
        {
            chart.addSeries("no data", new double[] {1}, new double[] {1});
        }
        final double top = max <= 0 ? 1 : max * (logarithmic ? 2 : 1.1);
        final double bottom = logarithmic ? (min == Double.MAX_VALUE ? 1 : min / 2) : 0.0;
        chart.getStyler().setYAxisMax(0, top).setYAxisMin(0, bottom);
        if (nsAxis && !header.simulated() && header.clockGhz() > 0)
        {
            // the same scale in nanoseconds, on the right: an invisible series spans it
            final XYSeries ns = chart.addSeries("ns", new double[] {curves.isEmpty() ? 0 : curves.getFirst().x()[0]},
                new double[] {Math.max(bottom, 1e-9) / header.clockGhz()});
            ns.setYAxisGroup(1);
            ns.setShowInLegend(false);
            ns.setMarker(SeriesMarkers.NONE).setLineColor(new Color(0, 0, 0, 0)).setLineStyle(new BasicStroke(0f));
            chart.getStyler().setYAxisMin(1, bottom / header.clockGhz()).setYAxisMax(1, top / header.clockGhz());
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            chart.setYAxisGroupTitle(0, yTitle);
            chart.setYAxisGroupTitle(1, "ns (cycles / " + String.format(java.util.Locale.ROOT, "%.2f", header.clockGhz())
                + " GHz)");
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
