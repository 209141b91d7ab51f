package io.brainseg.tune.report;

import io.brainseg.tune.FrozenTrial;
import io.brainseg.tune.StudyDirection;
import io.brainseg.tune.TrialState;
import io.brainseg.tune.space.CategoricalDistribution;
import io.brainseg.tune.space.Distribution;
import io.brainseg.tune.space.FloatDistribution;
import io.brainseg.tune.space.IntDistribution;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The study report's charts, drawn headless with JFreeChart and saved as PNG. */
final class StudyCharts {

    private static final int W = 640;
    private static final int H = 400;

    private StudyCharts() {}

    /** Blue (early / low) to red (late / high). */
    static Color ramp(double t) {
        double u = Double.isFinite(t) ? Math.max(0, Math.min(1, t)) : 0;
        return new Color((float) u, 0.2f, (float) (1 - u));
    }

    /** Objective per COMPLETE trial (dots) and the best value so far (line). */
    static void history(List<FrozenTrial> trials, StudyDirection direction, Path file) throws IOException {
        XYSeries values = new XYSeries("objective value");
        XYSeries best = new XYSeries("best so far");
        double b = Double.NaN;
        for (FrozenTrial t : trials) {
            if (t.state() == TrialState.COMPLETE) {
                values.add(t.number(), t.value());
                if (direction.isBetter(t.value(), b)) {
                    b = t.value();
                }
                best.add(t.number(), b);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(values);
        data.addSeries(best);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesLinesVisible(0, false);
        r.setSeriesShapesVisible(1, false);
        r.setSeriesStroke(1, new BasicStroke(2f));
        XYPlot plot = new XYPlot(data, new NumberAxis("trial"), new NumberAxis("objective"), r);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        save(new JFreeChart("Optimisation history", plot), file);
    }

    /** One parameter against the objective, each dot coloured by trial number. */
    static void parameter(String name, Distribution d, List<FrozenTrial> trials, Path file) throws IOException {
        XYSeries s = new XYSeries(name, false);
        int maxNumber = 1;
        for (FrozenTrial t : trials) {
            maxNumber = Math.max(maxNumber, t.number());
        }
        List<FrozenTrial> done = trials.stream()
                .filter(t ->
                        t.state() == TrialState.COMPLETE && t.internalParams().containsKey(name))
                .toList();
        for (FrozenTrial t : done) {
            s.add(t.internalParams().get(name), t.value());
        }
        final int last = maxNumber;
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true) {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getItemPaint(int series, int item) {
                return ramp(done.get(item).number() / (double) last);
            }
        };
        XYPlot plot = new XYPlot(new XYSeriesCollection(s), axis(name, d), new NumberAxis("objective"), r);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        save(
                new JFreeChart(
                        name + " (colour: trial number, blue early, red late)",
                        JFreeChart.DEFAULT_TITLE_FONT,
                        plot,
                        false),
                file);
    }

    private static ValueAxis axis(String name, Distribution d) {
        if (d instanceof CategoricalDistribution c) {
            return new SymbolAxis(
                    name, c.choices().stream().map(String::valueOf).toArray(String[]::new));
        }
        boolean log = d instanceof FloatDistribution f && f.log() || d instanceof IntDistribution i && i.log();
        if (log) {
            LogAxis a = new LogAxis(name);
            a.setSmallestValue(1e-12);
            return a;
        }
        NumberAxis a = new NumberAxis(name);
        a.setAutoRangeIncludesZero(false);
        return a;
    }

    /**
     * Parallel coordinates: each COMPLETE trial is a line through its parameters (each scaled to
     * [0, 1] over its distribution, log ones in log space, categoricals by index) and its objective
     * (scaled over the observed range), coloured by the objective.
     */
    static void parallelCoordinates(Map<String, Distribution> params, List<FrozenTrial> trials, Path file)
            throws IOException {
        List<FrozenTrial> done =
                trials.stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
        double lo = done.stream().mapToDouble(FrozenTrial::value).min().orElse(0);
        double hi = done.stream().mapToDouble(FrozenTrial::value).max().orElse(1);
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        List<String> names = List.copyOf(params.keySet());
        for (int k = 0; k < done.size(); k++) {
            FrozenTrial t = done.get(k);
            XYSeries s = new XYSeries("trial " + t.number(), false);
            for (int i = 0; i < names.size(); i++) {
                Double v = t.internalParams().get(names.get(i));
                if (v != null) {
                    s.add(i, scale(params.get(names.get(i)), v));
                }
            }
            s.add(names.size(), hi > lo ? (t.value() - lo) / (hi - lo) : 0.5);
            data.addSeries(s);
            r.setSeriesPaint(k, ramp(hi > lo ? (t.value() - lo) / (hi - lo) : 0.5));
        }
        String[] labels = new String[names.size() + 1];
        for (int i = 0; i < names.size(); i++) {
            labels[i] = names.get(i);
        }
        labels[names.size()] = "objective";
        XYPlot plot = new XYPlot(data, new SymbolAxis("", labels), new NumberAxis("scaled value"), r);
        save(
                new JFreeChart(
                        "Parallel coordinates (colour: objective, blue low, red high)",
                        JFreeChart.DEFAULT_TITLE_FONT,
                        plot,
                        false),
                file);
    }

    static double scale(Distribution d, double v) {
        if (d instanceof CategoricalDistribution c) {
            return c.choices().size() > 1 ? v / (c.choices().size() - 1) : 0.5;
        }
        double low;
        double high;
        boolean log;
        if (d instanceof FloatDistribution f) {
            low = f.low();
            high = f.high();
            log = f.log();
        } else {
            IntDistribution i = (IntDistribution) d;
            low = i.low();
            high = i.high();
            log = i.log();
        }
        if (high == low) {
            return 0.5;
        }
        return log ? (Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low)) : (v - low) / (high - low);
    }

    /** Horizontal bars of the parameter importances. */
    static void importance(Map<String, Double> importance, Path file) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        importance.forEach((k, v) -> data.addValue(v, "importance", k));
        CategoryPlot plot = new CategoryPlot(
                data,
                new org.jfree.chart.axis.CategoryAxis("parameter"),
                new NumberAxis("share of explained variance"),
                new BarRenderer());
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        save(new JFreeChart("Parameter importance", JFreeChart.DEFAULT_TITLE_FONT, plot, false), file);
    }

    private static void save(JFreeChart chart, Path file) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, W, H);
    }
}
