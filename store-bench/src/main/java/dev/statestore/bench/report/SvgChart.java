package dev.statestore.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Returns small self-contained SVG charts as text: a line chart with an optionally logarithmic
 * x axis, and a grouped bar chart with an optionally logarithmic y axis. No scripts, no external
 * fonts or styles, so the files render on GitHub and in any browser.
 *
 * <p>Thread-safe; holds no state.
 */
public final class SvgChart {

    /**
     * Returns one line of a line chart.
     *
     * @param name the legend text
     * @param xs the x values, ascending
     * @param ys the y values, one per x
     */
    public record Series(String name, List<Double> xs, List<Double> ys) {
        /**
         * Checks that every x has its y.
         *
         * @param name the legend text
         * @param xs the x values
         * @param ys the y values
         */
        public Series {
            if (xs.size() != ys.size()) {
                throw new IllegalArgumentException("series '" + name + "' has " + xs.size() + " x values but "
                        + ys.size() + " y values");
            }
            xs = List.copyOf(xs);
            ys = List.copyOf(ys);
        }
    }

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 420;
    private static final int LEFT = 90;
    private static final int RIGHT = 180;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;

    private SvgChart() {
    }

    /**
     * Returns a line chart of {@code series}; the y axis starts at zero.
     *
     * @param title the title
     * @param xLabel the x axis label
     * @param yLabel the y axis label
     * @param series the lines; values must be positive on a logarithmic axis
     * @param logX whether the x axis is logarithmic (base 10)
     * @return the SVG document
     */
    public static String lineChart(String title, String xLabel, String yLabel, List<Series> series, boolean logX) {
        double xMin = Double.MAX_VALUE;
        double xMax = -Double.MAX_VALUE;
        double yMax = 0;
        for (Series s : series) {
            for (int i = 0; i < s.xs().size(); i++) {
                xMin = Math.min(xMin, s.xs().get(i));
                xMax = Math.max(xMax, s.xs().get(i));
                yMax = Math.max(yMax, s.ys().get(i));
            }
        }
        StringBuilder svg = open(title);
        if (series.isEmpty() || xMin == Double.MAX_VALUE) {
            return noData(svg);
        }
        Axis x = logX ? Axis.log(xMin, xMax) : Axis.linear(Math.min(0, xMin), xMax);
        Axis y = Axis.linear(0, yMax <= 0 ? 1 : yMax);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        frame(svg, xLabel, yLabel);
        for (double t : y.ticks()) {
            double py = TOP + plotH - y.position(t) * plotH;
            gridLine(svg, LEFT, py, LEFT + plotW, py);
            text(svg, LEFT - 8, py + 4, "end", 12, y.label(t));
        }
        for (double t : x.ticks()) {
            double px = LEFT + x.position(t) * plotW;
            gridLine(svg, px, TOP, px, TOP + plotH);
            text(svg, px, TOP + plotH + 18, "middle", 12, x.label(t));
        }
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            String colour = COLOURS[s % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < line.xs().size(); i++) {
                double px = LEFT + x.position(line.xs().get(i)) * plotW;
                double py = TOP + plotH - y.position(line.ys().get(i)) * plotH;
                points.append(fmt(px)).append(',').append(fmt(py)).append(' ');
                svg.append("<circle cx=\"").append(fmt(px)).append("\" cy=\"").append(fmt(py))
                        .append("\" r=\"4\" fill=\"").append(colour).append("\"/>\n");
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"")
                    .append(points.toString().trim()).append("\"/>\n");
            legend(svg, s, line.name(), colour);
        }
        return close(svg);
    }

    /**
     * Returns a grouped bar chart: one cluster per group, one bar per series in each.
     *
     * @param title the title
     * @param yLabel the y axis label
     * @param groups the cluster labels; a {@code \n} breaks one over two lines
     * @param seriesNames the legend text of each bar of a cluster
     * @param values {@code values[group][series]}; {@code NaN} leaves a gap
     * @param logY whether the y axis is logarithmic (base 10); values must then be positive
     * @return the SVG document
     */
    public static String barChart(String title, String yLabel, List<String> groups, List<String> seriesNames,
            double[][] values, boolean logY) {
        double yMin = Double.MAX_VALUE;
        double yMax = 0;
        for (double[] g : values) {
            for (double v : g) {
                if (!Double.isNaN(v) && v > 0) {
                    yMin = Math.min(yMin, v);
                    yMax = Math.max(yMax, v);
                }
            }
        }
        StringBuilder svg = open(title);
        if (groups.isEmpty() || yMax == 0) {
            return noData(svg);
        }
        Axis y = logY ? Axis.log(yMin, yMax) : Axis.linear(0, yMax);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        frame(svg, "", yLabel);
        for (double t : y.ticks()) {
            double py = TOP + plotH - y.position(t) * plotH;
            gridLine(svg, LEFT, py, LEFT + plotW, py);
            text(svg, LEFT - 8, py + 4, "end", 12, y.label(t));
        }
        double groupW = plotW / (double) groups.size();
        double barW = groupW * 0.8 / Math.max(1, seriesNames.size());
        for (int g = 0; g < groups.size(); g++) {
            double gx = LEFT + g * groupW + groupW * 0.1;
            for (int s = 0; s < seriesNames.size(); s++) {
                double v = s < values[g].length ? values[g][s] : Double.NaN;
                if (Double.isNaN(v) || v <= 0) {
                    continue;
                }
                double h = Math.max(1, y.position(v) * plotH);
                svg.append("<rect x=\"").append(fmt(gx + s * barW)).append("\" y=\"").append(fmt(TOP + plotH - h))
                        .append("\" width=\"").append(fmt(barW * 0.92)).append("\" height=\"").append(fmt(h))
                        .append("\" fill=\"").append(COLOURS[s % COLOURS.length]).append("\"><title>")
                        .append(escape(groups.get(g).replace('\n', ' ') + ", " + seriesNames.get(s) + ": " + y.label(v)))
                        .append("</title></rect>\n");
            }
            String[] label = groups.get(g).split("\n");
            for (int line = 0; line < label.length; line++) {
                text(svg, LEFT + g * groupW + groupW / 2, TOP + plotH + 18 + line * 15, "middle", 12, label[line]);
            }
        }
        for (int s = 0; s < seriesNames.size(); s++) {
            legend(svg, s, seriesNames.get(s), COLOURS[s % COLOURS.length]);
        }
        return close(svg);
    }

    /** Returns a mapping of values onto [0, 1] with tick marks. */
    private static final class Axis {
        private final boolean log;
        private final double min;
        private final double max;

        private Axis(boolean log, double min, double max) {
            this.log = log;
            this.min = min;
            this.max = max;
        }

        static Axis linear(double min, double max) {
            double step = niceStep((max - min) / 5);
            double top = Math.ceil(max / step) * step;
            return new Axis(false, min, top <= min ? min + 1 : top);
        }

        static Axis log(double min, double max) {
            double lo = Math.floor(Math.log10(min));
            double hi = Math.ceil(Math.log10(max));
            if (hi <= lo) {
                hi = lo + 1;
            }
            return new Axis(true, lo, hi);
        }

        double position(double v) {
            if (log) {
                return (Math.log10(v) - min) / (max - min);
            }
            return (v - min) / (max - min);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                for (double e = min; e <= max + 1e-9; e++) {
                    ticks.add(Math.pow(10, e));
                }
            } else {
                double step = niceStep((max - min) / 5);
                for (double t = min; t <= max + step * 1e-9; t += step) {
                    ticks.add(t);
                }
            }
            return ticks;
        }

        String label(double v) {
            return Format.compact(v);
        }

        private static double niceStep(double raw) {
            if (raw <= 0) {
                return 1;
            }
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double r = raw / magnitude;
            double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10;
            return nice * magnitude;
        }
    }

    private static StringBuilder open(String title) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(svg, WIDTH / 2.0, 28, "middle", 16, title);
        return svg;
    }

    private static String noData(StringBuilder svg) {
        text(svg, WIDTH / 2.0, HEIGHT / 2.0, "middle", 14, "no results");
        return close(svg);
    }

    private static String close(StringBuilder svg) {
        return svg.append("</svg>\n").toString();
    }

    private static void frame(StringBuilder svg, String xLabel, String yLabel) {
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW)
                .append("\" height=\"").append(plotH).append("\" fill=\"none\" stroke=\"#333\"/>\n");
        text(svg, LEFT + plotW / 2.0, HEIGHT - 20, "middle", 13, xLabel);
        double cy = TOP + plotH / 2.0;
        svg.append("<text x=\"20\" y=\"").append(fmt(cy)).append("\" text-anchor=\"middle\" font-size=\"13\" ")
                .append("transform=\"rotate(-90 20 ").append(fmt(cy)).append(")\">").append(escape(yLabel))
                .append("</text>\n");
    }

    private static void gridLine(StringBuilder svg, double x1, double y1, double x2, double y2) {
        svg.append("<line x1=\"").append(fmt(x1)).append("\" y1=\"").append(fmt(y1)).append("\" x2=\"")
                .append(fmt(x2)).append("\" y2=\"").append(fmt(y2)).append("\" stroke=\"#ddd\"/>\n");
    }

    private static void legend(StringBuilder svg, int index, String name, String colour) {
        double lx = WIDTH - RIGHT + 16;
        double ly = TOP + 10 + index * 22;
        svg.append("<rect x=\"").append(fmt(lx)).append("\" y=\"").append(fmt(ly - 10))
                .append("\" width=\"14\" height=\"14\" fill=\"").append(colour).append("\"/>\n");
        text(svg, lx + 20, ly + 2, "start", 12, name);
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, int size, String s) {
        svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" text-anchor=\"")
                .append(anchor).append("\" font-size=\"").append(size).append("\">").append(escape(s))
                .append("</text>\n");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
