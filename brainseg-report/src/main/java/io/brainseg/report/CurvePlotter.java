package io.brainseg.report;

import io.brainseg.core.io.AtomicFiles;
import io.brainseg.core.train.EpochRecord;
import io.brainseg.core.train.TrainingContext;
import io.brainseg.core.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws {@code curves.png} with JFreeChart after every epoch: training and validation loss on top,
 * every validation metric below, against the epoch (1-based). Rendering is headless.
 */
public final class CurvePlotter implements TrainingListener {

    /** File name inside the run directory. */
    public static final String FILE = "curves.png";

    static {
        // Charts are drawn off-screen; a server without a display must not try to open one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        XYSeries trainLoss = new XYSeries("train loss");
        XYSeries valLoss = new XYSeries("val loss");
        XYSeriesCollection metrics = new XYSeriesCollection();
        for (String name : record.getMetrics().keySet()) {
            metrics.addSeries(new XYSeries("val " + name));
        }
        for (EpochRecord r : ctx.getHistory()) {
            add(trainLoss, r.getEpoch() + 1, r.getTrainLoss());
            add(valLoss, r.getEpoch() + 1, r.getValLoss());
            int i = 0;
            for (String name : record.getMetrics().keySet()) {
                add(metrics.getSeries(i++), r.getEpoch() + 1, r.getValue(name));
            }
        }
        XYSeriesCollection losses = new XYSeriesCollection(trainLoss);
        if (valLoss.getItemCount() > 0) {
            losses.addSeries(valLoss);
        }
        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
        plot.add(subplot(losses, "loss"), 1);
        if (metrics.getSeriesCount() > 0) {
            plot.add(subplot(metrics, "metric"), 1);
        }
        JFreeChart chart = new JFreeChart("training curves", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        Path file = ctx.getRunDirectory().resolve(FILE);
        try {
            AtomicFiles.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, 900, 650));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void add(XYSeries series, int x, double y) {
        if (!Double.isNaN(y)) {
            series.add(x, y);
        }
    }

    private static XYPlot subplot(XYSeriesCollection data, String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return new XYPlot(data, null, axis, new XYLineAndShapeRenderer(true, true));
    }
}
