package io.brainseg.report;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.core.batch.SliceContext;
import io.brainseg.core.io.AtomicFiles;
import io.brainseg.core.task.BinarySegmentationTask;
import io.brainseg.core.train.EpochRecord;
import io.brainseg.core.train.TrainingContext;
import io.brainseg.core.train.TrainingListener;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes {@code predictions/epoch-NNN.png} whenever the monitored value improves: the first
 * {@code n} validation slices of the epoch whose ground truth is not empty, topped up with the
 * first empty ones when fewer have any (a fixed set, since validation order does not change), one
 * row each, with three panels: the image, the ground truth in green over it, the prediction
 * ({@code probability > threshold}) in red over it. Slices with a target come first because
 * real validation sets often start with slices that have none (the lowest slices of a head).
 *
 * <p>Images are normalised per slice to their min..max for display; a 3-channel image is shown as
 * RGB, a 1-channel one as grey, a 2.5-D one ({@code 3·(2K+1)} channels, {@link SliceContext}) as its
 * centre slice, the slice the mask belongs to.
 */
public final class PredictionLogger implements TrainingListener {

    /** Folder inside the run directory. */
    public static final String DIR = "predictions";

    private static final int MIN_CELL = 160;

    private final int n;
    private final List<Sample> samples = new ArrayList<>();
    private final List<Sample> empty = new ArrayList<>();

    /** One captured slice: image C×H×W, mask and probability H×W, host copies. */
    private record Sample(float[] image, int channels, int height, int width, float[] mask, float[] prob) {}

    /**
     * Creates the logger.
     *
     * @param n the number of validation slices to show, at least 1
     */
    public PredictionLogger(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("number of prediction samples must be >= 1, got " + n);
        }
        this.n = n;
    }

    @Override
    public void onEpochStart(TrainingContext ctx, int epoch) {
        samples.clear();
        empty.clear();
    }

    @Override
    public void onValidationBatch(TrainingContext ctx, int epoch, int index, SampleBatch batch, NDArray probabilities) {
        if (samples.size() >= n) {
            return;
        }
        NDArray image = batch.get(SampleBatch.IMAGE);
        NDArray mask = batch.get(SampleBatch.MASK);
        int c = (int) image.getShape().get(1);
        int h = (int) image.getShape().get(2);
        int w = (int) image.getShape().get(3);
        float[] maskSums;
        try (NDArray sums = mask.toType(DataType.FLOAT32, false).sum(new int[] {1, 2, 3})) {
            maskSums = sums.toFloatArray();
        }
        for (int i = 0; i < batch.size() && samples.size() < n; i++) {
            boolean hasTarget = maskSums[i] > 0;
            if (!hasTarget && empty.size() >= n) {
                continue;
            }
            NDIndex idx = new NDIndex(i);
            try (NDArray im = image.get(idx);
                    NDArray m = mask.get(idx);
                    NDArray p = probabilities.get(idx)) {
                Sample sample = new Sample(im.toFloatArray(), c, h, w, m.toFloatArray(), p.toFloatArray());
                (hasTarget ? samples : empty).add(sample);
            }
        }
    }

    @Override
    public void onBestImproved(TrainingContext ctx, EpochRecord record) {
        List<Sample> shown = new ArrayList<>(samples);
        shown.addAll(empty.subList(0, Math.min(empty.size(), n - shown.size())));
        if (shown.isEmpty()) {
            return;
        }
        double threshold = ctx.getTask() instanceof BinarySegmentationTask b ? b.getThreshold() : 0.5;
        BufferedImage grid = render(shown, threshold);
        Path file = ctx.getRunDirectory()
                .resolve(DIR)
                .resolve(String.format(Locale.ROOT, "epoch-%03d.png", record.getEpoch() + 1));
        try {
            AtomicFiles.write(file, out -> ImageIO.write(grid, "png", out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static BufferedImage render(List<Sample> samples, double threshold) {
        Sample first = samples.get(0);
        int scale =
                Math.max(1, (MIN_CELL + Math.max(first.height, first.width) - 1) / Math.max(first.height, first.width));
        int cw = first.width * scale;
        int ch = first.height * scale;
        BufferedImage out = new BufferedImage(3 * cw, samples.size() * ch, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        for (int row = 0; row < samples.size(); row++) {
            Sample s = samples.get(row);
            int[] base = baseImage(s);
            int[] truth = overlay(base, s.mask, 0.5, new Color(0, 220, 0));
            int[] pred = overlay(base, s.prob, threshold, new Color(230, 0, 0));
            int[][] panels = {base, truth, pred};
            for (int col = 0; col < 3; col++) {
                BufferedImage panel = new BufferedImage(s.width, s.height, BufferedImage.TYPE_INT_RGB);
                panel.setRGB(0, 0, s.width, s.height, panels[col], 0, s.width);
                g.drawImage(panel, col * cw, row * ch, cw, ch, null);
            }
        }
        g.dispose();
        return out;
    }

    /** Per-slice min..max normalisation to 8-bit RGB (host-side, for display only). */
    private static int[] baseImage(Sample s) {
        int plane = s.height * s.width;
        int from = centreSlice(s.channels) * plane;
        int shown = s.channels >= 3 ? 3 : 1;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < from + shown * plane; i++) {
            min = Math.min(min, s.image[i]);
            max = Math.max(max, s.image[i]);
        }
        float range = max > min ? max - min : 1;
        int[] rgb = new int[plane];
        for (int p = 0; p < plane; p++) {
            int r = level(s.image[from + p], min, range);
            int gr = shown == 3 ? level(s.image[from + plane + p], min, range) : r;
            int b = shown == 3 ? level(s.image[from + 2 * plane + p], min, range) : r;
            rgb[p] = (r << 16) | (gr << 8) | b;
        }
        return rgb;
    }

    /** The first channel of the centre slice: 3K for a 2.5-D image, else 0. */
    private static int centreSlice(int channels) {
        try {
            return SliceContext.SLICE_CHANNELS * SliceContext.contextOf(channels);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    private static int level(float v, float min, float range) {
        return Math.max(0, Math.min(255, Math.round((v - min) / range * 255)));
    }

    private static int[] overlay(int[] base, float[] values, double threshold, Color color) {
        int[] out = base.clone();
        for (int p = 0; p < out.length; p++) {
            if (values[p] > threshold) {
                int r = (((out[p] >> 16) & 0xff) + color.getRed()) / 2;
                int g = (((out[p] >> 8) & 0xff) + color.getGreen()) / 2;
                int b = ((out[p] & 0xff) + color.getBlue()) / 2;
                out[p] = (r << 16) | (g << 8) | b;
            }
        }
        return out;
    }
}
