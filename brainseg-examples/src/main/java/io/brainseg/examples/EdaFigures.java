package io.brainseg.examples;

import io.brainseg.core.io.AtomicFiles;
import io.brainseg.data.ChannelStats;
import io.brainseg.data.DatasetStats;
import io.brainseg.data.DecodedSlice;
import io.brainseg.data.SliceCache;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;

/**
 * The exploratory figures of {@code brainseg eda}, each a PNG written atomically: charts with
 * JFreeChart (off-screen), slice grids by compositing images.
 */
final class EdaFigures {

    static {
        // Charts are drawn off-screen; a server without a display must not try to open one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final String[] STATS = {"min", "max", "mean", "std"};
    private static final int BINS = 32;

    private EdaFigures() {}

    /** Bar chart of the slice count of every patient. */
    static void slicesPerPatient(SliceCache cache, Path file) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Map<String, Long> counts = new java.util.TreeMap<>();
        cache.getSlices().forEach(s -> counts.merge(s.id().patientId(), 1L, Long::sum));
        counts.forEach((patient, n) -> data.addValue(n, "slices", patient));
        JFreeChart chart = ChartFactory.createBarChart(
                "Slices per patient", "patient", "slices", data, PlotOrientation.VERTICAL, false, false, false);
        chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        write(chart, file, Math.max(640, 14 * counts.size()), 480);
    }

    /** Bar chart of the share of slices with tumour in each set. */
    static void tumourShare(DatasetStats stats, Path file) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        stats.getSubsets().values().forEach(s -> {
            data.addValue(100 * s.tumourSliceShare(), "with tumour", s.name());
            data.addValue(100 - 100 * s.tumourSliceShare(), "without tumour", s.name());
        });
        JFreeChart chart = ChartFactory.createStackedBarChart(
                "Share of slices with tumour per split",
                "set",
                "% of slices",
                data,
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
        write(chart, file, 640, 420);
    }

    /** One histogram per statistic (min, max, mean, std of each slice), one series per channel. */
    static void channelHistograms(DatasetStats.Subset all, Path file) {
        List<BufferedImage> charts = new ArrayList<>();
        Color[] colours = {new Color(200, 60, 60), new Color(60, 160, 60), new Color(60, 90, 200)};
        for (int k = 0; k < STATS.length; k++) {
            HistogramDataset data = new HistogramDataset();
            for (ChannelStats c : all.channels()) {
                double[] v =
                        switch (k) {
                            case 0 -> c.min();
                            case 1 -> c.max();
                            case 2 -> c.mean();
                            default -> c.std();
                        };
                if (v.length > 0) {
                    data.addSeries(c.name(), v, BINS, 0, k == 3 ? 128 : 256);
                }
            }
            JFreeChart chart = ChartFactory.createHistogram(
                    "Per-slice " + STATS[k] + " intensity",
                    STATS[k],
                    "slices",
                    data,
                    PlotOrientation.VERTICAL,
                    true,
                    false,
                    false);
            XYPlot plot = chart.getXYPlot();
            plot.setForegroundAlpha(0.6f);
            XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
            renderer.setShadowVisible(false);
            for (int s = 0; s < data.getSeriesCount(); s++) {
                renderer.setSeriesPaint(s, colours[s % colours.length]);
            }
            charts.add(chart.createBufferedImage(480, 340));
        }
        BufferedImage out = new BufferedImage(960, 680, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(charts.get(i), (i % 2) * 480, (i / 2) * 340, null);
        }
        g.dispose();
        SliceImages.writePng(out, file);
    }

    /** Every slice of one patient (up to {@code max}) as colour images, six per row. */
    static void patientSlices(SliceCache cache, String patient, int max, Path file) {
        List<DecodedSlice> slices = cache.subset(List.of(patient)).getSlices();
        List<List<BufferedImage>> rows = new ArrayList<>();
        List<List<String>> labels = new ArrayList<>();
        for (int i = 0; i < Math.min(max, slices.size()); i += 6) {
            List<BufferedImage> row = new ArrayList<>();
            List<String> lab = new ArrayList<>();
            for (DecodedSlice s : slices.subList(i, Math.min(Math.min(max, slices.size()), i + 6))) {
                row.add(SliceImages.rgb(s.image(), s.height(), s.width()));
                lab.add("slice " + s.id().sliceNumber());
            }
            rows.add(row);
            labels.add(lab);
        }
        SliceImages.writePng(SliceImages.grid(rows, labels, 160), file);
    }

    /** Slices with the largest tumours, the mask blended in red, four per row. */
    static void maskOverlays(List<DecodedSlice> slices, Path file) {
        List<List<BufferedImage>> rows = new ArrayList<>();
        List<List<String>> labels = new ArrayList<>();
        for (int i = 0; i < slices.size(); i += 4) {
            List<BufferedImage> row = new ArrayList<>();
            List<String> lab = new ArrayList<>();
            for (DecodedSlice s : slices.subList(i, Math.min(slices.size(), i + 4))) {
                row.add(SliceImages.overlay(SliceImages.rgb(s.image(), s.height(), s.width()), s.mask(), Color.RED));
                lab.add(s.id().toString());
            }
            rows.add(row);
            labels.add(lab);
        }
        SliceImages.writePng(SliceImages.grid(rows, labels, 192), file);
    }

    /** Per slice: pre-contrast, FLAIR with the mask in red, post-contrast (grey). */
    static void channels(List<DecodedSlice> slices, Path file) {
        List<List<BufferedImage>> rows = new ArrayList<>();
        List<List<String>> labels = new ArrayList<>();
        for (DecodedSlice s : slices) {
            int h = s.height();
            int w = s.width();
            rows.add(List.of(
                    SliceImages.grey(s.image(), 0, h, w),
                    SliceImages.overlay(SliceImages.grey(s.image(), 1, h, w), s.mask(), Color.RED),
                    SliceImages.grey(s.image(), 2, h, w)));
            labels.add(List.of(
                    s.id().toString(), ChannelStats.CHANNEL_NAMES[1] + " + mask", ChannelStats.CHANNEL_NAMES[2]));
        }
        SliceImages.writePng(SliceImages.grid(rows, labels, 256), file);
    }

    /** The {@code n} slices with the most tumour pixels, at most one per patient first. */
    static List<DecodedSlice> largestTumours(SliceCache cache, int n) {
        List<DecodedSlice> sorted = cache.getSlices().stream()
                .filter(DecodedSlice::hasTumour)
                .sorted(Comparator.comparingInt(DecodedSlice::tumourPixels).reversed())
                .toList();
        List<DecodedSlice> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (DecodedSlice s : sorted) {
            if (out.size() < n && seen.add(s.id().patientId())) {
                out.add(s);
            }
        }
        for (DecodedSlice s : sorted) {
            if (out.size() < n && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static void write(JFreeChart chart, Path file, int width, int height) {
        try {
            AtomicFiles.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
