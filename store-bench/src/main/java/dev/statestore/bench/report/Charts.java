package dev.statestore.bench.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The report's charts: line charts of one figure against one parameter, a line per subject, each
 * point with its 99.9% interval as an error bar, drawn with JFreeChart into SVG by JFreeSVG. The
 * output is deterministic (fixed size, fonts and element ids), so an unchanged figure gives an
 * unchanged file. A chart without data says so in its plot area instead of drawing empty axes.
 *
 * <p>Thread-safe; holds no state.
 */
final class Charts {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    /**
     * One line of a chart.
     *
     * @param name the legend entry
     * @param points its points, in x order
     */
    record Series(String name, List<Point> points) {
    }

    /**
     * One point: {@code x} and the figure measured there.
     *
     * @param x the parameter
     * @param y the figure
     */
    record Point(double x, Estimate y) {
    }

    /**
     * The axes of a chart.
     *
     * @param title the chart's title
     * @param xLabel the horizontal axis
     * @param yLabel the vertical axis
     * @param logX whether the horizontal axis is logarithmic
     * @param logY whether the vertical axis is logarithmic
     */
    record Spec(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
    }

    private Charts() {
    }

    /**
     * Returns the SVG document of a line chart.
     *
     * @param id a short name, unique among the report's charts, for the SVG's element ids
     * @param spec the title and axes
     * @param series the lines; none gives a chart that says its data is missing
     * @param missing what the chart says when there are no lines
     * @return the SVG document
     */
    static String lineChart(String id, Spec spec, List<Series> series, String missing) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Series s : series) {
            YIntervalSeries line = new YIntervalSeries(s.name());
            for (Point p : s.points()) {
                Estimate y = p.y();
                double lo = y.hasInterval() ? y.lo() : y.score();
                double hi = y.hasInterval() ? y.hi() : y.score();
                if (spec.logY()) {
                    lo = Math.max(lo, y.score() / 100);
                }
                line.add(p.x(), y.score(), lo, hi);
            }
            data.addSeries(line);
        }
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDrawXError(false);
        renderer.setErrorPaint(null);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        XYPlot plot = new XYPlot(data, axis(spec.xLabel(), spec.logX()), axis(spec.yLabel(), spec.logY()), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setNoDataMessage(missing);
        plot.setNoDataMessageFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        JFreeChart chart = new JFreeChart(spec.title(), new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, !series.isEmpty());
        chart.setBackgroundPaint(Color.WHITE);
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        g.setDefsKeyPrefix(id);
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGDocument() + "\n";
    }

    private static ValueAxis axis(String label, boolean log) {
        if (log) {
            LogAxis axis = new LogAxis(label);
            axis.setBase(10);
            axis.setSmallestValue(1e-3);
            // ticks at the powers of ten only: the log axis's own choice lands on 6,309.573
            axis.setTickUnit(new NumberTickUnit(1), false, false);
            axis.setAutoTickUnitSelection(false);
            axis.setMinorTickCount(9);
            axis.setMinorTickMarksVisible(true);
            axis.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
            return axis;
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(true);
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        return axis;
    }
}
