package io.brainseg.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SliceId;
import io.brainseg.core.metric.SegmentationMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * 95th-percentile Hausdorff distance per slice, MONAI's {@code HausdorffDistanceMetric(percentile=95)}.
 *
 * <p>Per (sample, channel): {@code max(q95(pred→gt), q95(gt→pred))} between the 4-connected edge
 * pixels of the two masks, in pixels; see {@link SurfaceDistance#hausdorff} for the edge rule, the
 * quantile and the NaN / inf cases (one empty mask gives NaN at the 95th percentile, +inf with
 * {@code optPercentile(null)}). Lower is better.
 *
 * <p><b>Where it runs.</b> The distance transform is sequential, so {@link #update} copies the two
 * masks to the host once per batch ({@code 2·N·C·H·W} booleans, ~1.6 MB for 16×1×224×224) and
 * computes there in {@code O(H·W)} per slice. Predictions count as foreground where non-zero.
 *
 * <p><b>Background.</b> As in MONAI, {@code includeBackground} defaults to false, which drops
 * channel 0; on single-channel masks (this project's) that would leave nothing, so
 * {@link #update} rejects it: build with {@code optIncludeBackground(true)}.
 *
 * <p>{@link #compute()} is MONAI's {@code mean} aggregate over the non-NaN values (+inf values stay
 * in and make the mean +inf); 0.0 when nothing is valid.
 */
public final class HausdorffDistance95 implements SegmentationMetric {

    private final String name;
    private final boolean includeBackground;
    private final Double percentile;
    private final boolean directed;
    private final DistanceMetric distanceMetric;
    private final MetricReduction reduction;
    private final List<double[]> rows = new ArrayList<>();

    private HausdorffDistance95(Builder b) {
        this.name = b.name;
        this.includeBackground = b.includeBackground;
        this.percentile = b.percentile;
        this.directed = b.directed;
        this.distanceMetric = b.distanceMetric;
        this.reduction = b.reduction;
    }

    /**
     * Returns a builder with MONAI's defaults (no background, 95th percentile, symmetric, Euclidean).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isHigherBetter() {
        return false;
    }

    @Override
    public void reset() {
        rows.clear();
    }

    @Override
    public void update(NDArray prediction, NDArray target, List<SliceId> ids) {
        update(prediction, target);
    }

    /**
     * Accumulates one batch and returns its per-sample distances.
     *
     * @param prediction binarised prediction {@code N×C×H×W}
     * @param target binary ground truth, same shape
     * @return {@code N} rows of per-channel distances
     * @throws IllegalArgumentException on a shape mismatch, NaN predictions, a non-binary target,
     *     or a single channel with includeBackground=false
     */
    public List<double[]> update(NDArray prediction, NDArray target) {
        MetricInputs.checkShapes(prediction, target);
        Shape s = prediction.getShape();
        int n = Math.toIntExact(s.get(0));
        int c = Math.toIntExact(s.get(1));
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        int first = includeBackground ? 0 : 1;
        if (first >= c) {
            throw new IllegalArgumentException("includeBackground=false drops channel 0 and leaves no channel of "
                    + "shape " + s + "; build with optIncludeBackground(true) for single-channel masks");
        }
        MetricInputs.counts(prediction, target); // validation only (NaN, non-binary target)
        boolean[] p;
        boolean[] g;
        try (NDArray pb = prediction.neq(0);
                NDArray gb = target.neq(0)) {
            p = pb.toBooleanArray();
            g = gb.toBooleanArray();
        }
        int plane = h * w;
        List<double[]> batch = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            double[] row = new double[c - first];
            for (int ch = first; ch < c; ch++) {
                int off = (b * c + ch) * plane;
                boolean[] pp = Arrays.copyOfRange(p, off, off + plane);
                boolean[] gg = Arrays.copyOfRange(g, off, off + plane);
                row[ch - first] = SurfaceDistance.hausdorff(pp, gg, h, w, percentile, directed, distanceMetric);
            }
            batch.add(row);
        }
        rows.addAll(batch);
        return batch;
    }

    /**
     * Returns MONAI's mean aggregate of everything since the last reset.
     *
     * @return the mean distance in pixels, 0.0 when every value is NaN
     */
    @Override
    public double compute() {
        return MetricReductions.mean(rows);
    }

    /**
     * Returns the aggregate under this metric's reduction.
     *
     * @return one value ({@code MEAN}), one per channel ({@code MEAN_BATCH}) or every value ({@code NONE})
     */
    public double[] aggregate() {
        return MetricReductions.reduce(rows, reduction);
    }

    /**
     * Returns the number of samples with a valid (non-NaN) distance.
     *
     * @return the count
     */
    public int getNotNans() {
        return MetricReductions.notNans(rows);
    }

    /**
     * Returns the per-sample rows accumulated since the last reset.
     *
     * @return an unmodifiable view
     */
    public List<double[]> getBuffer() {
        return Collections.unmodifiableList(rows);
    }

    /** Builder of {@link HausdorffDistance95}; every setting is optional. */
    public static final class Builder {
        private String name = "hd95";
        private boolean includeBackground;
        private Double percentile = 95.0;
        private boolean directed;
        private DistanceMetric distanceMetric = DistanceMetric.EUCLIDEAN;
        private MetricReduction reduction = MetricReduction.MEAN;

        private Builder() {}

        /**
         * Sets the name (default {@code hd95}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Keeps channel 0 (default false, as MONAI); single-channel masks need true.
         *
         * @param includeBackground whether channel 0 counts
         * @return this builder
         */
        public Builder optIncludeBackground(boolean includeBackground) {
            this.includeBackground = includeBackground;
            return this;
        }

        /**
         * Sets the percentile (default 95), or null for the classic (maximum) Hausdorff distance.
         *
         * @param percentile a value in [0, 100] or null
         * @return this builder
         */
        public Builder optPercentile(Double percentile) {
            this.percentile = percentile;
            return this;
        }

        /**
         * Uses only the prediction → ground-truth direction (default false).
         *
         * @param directed whether the distance is directed
         * @return this builder
         */
        public Builder optDirected(boolean directed) {
            this.directed = directed;
            return this;
        }

        /**
         * Sets the pixel distance (default {@link DistanceMetric#EUCLIDEAN}).
         *
         * @param distanceMetric the distance
         * @return this builder
         */
        public Builder optDistanceMetric(DistanceMetric distanceMetric) {
            this.distanceMetric = Objects.requireNonNull(distanceMetric, "distanceMetric");
            return this;
        }

        /**
         * Sets the reduction of {@link HausdorffDistance95#aggregate()} (default mean).
         *
         * @param reduction the reduction
         * @return this builder
         */
        public Builder optReduction(MetricReduction reduction) {
            this.reduction = Objects.requireNonNull(reduction, "reduction");
            return this;
        }

        /**
         * Builds the metric.
         *
         * @return the metric
         * @throws IllegalArgumentException if the percentile lies outside [0, 100]
         */
        public HausdorffDistance95 build() {
            if (percentile != null && !(percentile >= 0 && percentile <= 100)) {
                throw new IllegalArgumentException("percentile must lie in [0, 100] or be null, got " + percentile);
            }
            return new HausdorffDistance95(this);
        }
    }
}
