package io.brainseg.metrics;

import ai.djl.ndarray.NDArray;
import io.brainseg.core.batch.SliceId;
import io.brainseg.core.metric.SegmentationMetric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Base of the per-slice overlap metrics ({@link DiceMetric}, {@link MeanIoU}) with MONAI's
 * {@code CumulativeIterationMetric} behaviour: every {@link #update} appends one row of
 * per-channel values per sample (the arrays are reduced on the device, only {@code N×C×3} counts
 * reach the host), and {@link #aggregate()} reduces all rows since the last {@link #reset()}.
 *
 * <p>Per (sample, channel), from the counts {@code I = |ŷ∧y|}, {@code P = |ŷ|}, {@code G = |y|}:
 * if {@code G > 0} the subclass formula; if {@code G = 0} NaN with {@code ignoreEmpty} (skipped
 * by the reductions), otherwise 1.0 when {@code P = 0} and 0.0 when not. With
 * {@code includeBackground=false} channel 0 is dropped from multi-channel inputs; a single
 * channel is always kept (MONAI treats it as the foreground).
 *
 * <p>Memory: {@code C} doubles per sample seen since the last reset.
 */
public abstract class OverlapMetric implements SegmentationMetric {

    private final String name;
    private final boolean includeBackground;
    private final boolean ignoreEmpty;
    private final MetricReduction reduction;
    private final List<double[]> rows = new ArrayList<>();

    /**
     * Creates the metric.
     *
     * @param name the metric name
     * @param includeBackground whether channel 0 of a multi-channel input counts
     * @param ignoreEmpty whether an empty ground truth gives NaN (skipped) instead of 1.0 / 0.0
     * @param reduction the reduction of {@link #aggregate()}
     */
    protected OverlapMetric(String name, boolean includeBackground, boolean ignoreEmpty, MetricReduction reduction) {
        this.name = Objects.requireNonNull(name, "name");
        this.includeBackground = includeBackground;
        this.ignoreEmpty = ignoreEmpty;
        this.reduction = Objects.requireNonNull(reduction, "reduction");
    }

    /**
     * Creates the metric from a builder's settings.
     *
     * @param builder the builder
     */
    protected OverlapMetric(Builder<?, ?> builder) {
        this(builder.name, builder.includeBackground, builder.ignoreEmpty, builder.reduction);
    }

    /**
     * Returns the value for a non-empty ground truth ({@code G > 0}).
     *
     * @param intersection {@code I}
     * @param predicted {@code P}
     * @param target {@code G}
     * @return the metric value
     */
    protected abstract double value(double intersection, double predicted, double target);

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void reset() {
        rows.clear();
    }

    /**
     * Accumulates one batch; the ids are not used.
     *
     * @param prediction binarised prediction {@code N×C×H×W}
     * @param target binary ground truth, same shape
     * @param ids ignored (may be empty)
     * @throws IllegalArgumentException on a shape mismatch, NaN predictions or a non-binary target
     */
    @Override
    public void update(NDArray prediction, NDArray target, List<SliceId> ids) {
        rows.addAll(perSample(prediction, target));
    }

    /**
     * Accumulates one batch (MONAI's {@code metric(y_pred, y)}) and returns its per-sample values.
     *
     * @param prediction binarised prediction {@code N×C×H×W}
     * @param target binary ground truth, same shape
     * @return {@code N} rows of per-channel values (NaN for a skipped empty ground truth)
     */
    public List<double[]> update(NDArray prediction, NDArray target) {
        List<double[]> batch = perSample(prediction, target);
        rows.addAll(batch);
        return batch;
    }

    /**
     * Computes per-sample values without accumulating them.
     *
     * @param prediction binarised prediction {@code N×C×H×W}
     * @param target binary ground truth, same shape
     * @return {@code N} rows of per-channel values
     */
    public List<double[]> perSample(NDArray prediction, NDArray target) {
        MetricInputs.Counts k = MetricInputs.counts(prediction, target);
        int first = includeBackground || k.channels() == 1 ? 0 : 1;
        List<double[]> out = new ArrayList<>(k.batch());
        for (int b = 0; b < k.batch(); b++) {
            double[] row = new double[k.channels() - first];
            for (int c = first; c < k.channels(); c++) {
                int idx = b * k.channels() + c;
                double i = k.intersection()[idx];
                double p = k.predicted()[idx];
                double g = k.target()[idx];
                double v;
                if (g > 0) {
                    v = value(i, p, g);
                } else if (ignoreEmpty) {
                    v = Double.NaN;
                } else {
                    v = p == 0 ? 1.0 : 0.0;
                }
                row[c - first] = v;
            }
            out.add(row);
        }
        return out;
    }

    /**
     * Returns MONAI's {@code mean} aggregate of everything since the last reset: the two-step mean
     * over non-NaN values, 0.0 when nothing is valid.
     *
     * @return the mean
     */
    @Override
    public double compute() {
        return MetricReductions.mean(rows);
    }

    /**
     * Returns the aggregate under this metric's reduction (MONAI's {@code aggregate()}).
     *
     * @return one value ({@code MEAN}), one per channel ({@code MEAN_BATCH}) or every value ({@code NONE})
     */
    public double[] aggregate() {
        return MetricReductions.reduce(rows, reduction);
    }

    /**
     * Returns the number of samples with a valid value (MONAI's {@code not_nans} of the mean).
     *
     * @return the count
     */
    public int getNotNans() {
        return MetricReductions.notNans(rows);
    }

    /**
     * Returns the per-sample rows accumulated since the last reset.
     *
     * @return an unmodifiable view, one {@code double[C]} per sample
     */
    public List<double[]> getBuffer() {
        return Collections.unmodifiableList(rows);
    }

    /**
     * Returns the reduction of {@link #aggregate()}.
     *
     * @return the reduction
     */
    public MetricReduction getReduction() {
        return reduction;
    }

    /**
     * Settings shared by the overlap metric builders; every setting is optional.
     *
     * @param <T> the metric built
     * @param <B> the concrete builder
     */
    public abstract static class Builder<T extends OverlapMetric, B extends Builder<T, B>> {
        private String name;
        private boolean includeBackground = true;
        private boolean ignoreEmpty = true;
        private MetricReduction reduction = MetricReduction.MEAN;

        /**
         * Creates a builder with MONAI's defaults and the metric's default name.
         *
         * @param defaultName the name used unless {@link #optName} is called
         */
        protected Builder(String defaultName) {
            this.name = defaultName;
        }

        /**
         * Returns this builder as its concrete type.
         *
         * @return this builder
         */
        protected abstract B self();

        /**
         * Creates the metric once the settings are validated.
         *
         * @return the metric
         */
        protected abstract T create();

        /**
         * Sets the name used in logs and as the monitored value (default: the metric's own, e.g.
         * {@code dice} or {@code iou}).
         *
         * @param name the name
         * @return this builder
         */
        public B optName(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return self();
        }

        /**
         * Keeps channel 0 of multi-channel inputs (default true).
         *
         * @param includeBackground whether channel 0 counts
         * @return this builder
         */
        public B optIncludeBackground(boolean includeBackground) {
            this.includeBackground = includeBackground;
            return self();
        }

        /**
         * Gives NaN (skipped in the mean) for an empty ground truth (default true).
         *
         * @param ignoreEmpty whether to skip empty ground truths
         * @return this builder
         */
        public B optIgnoreEmpty(boolean ignoreEmpty) {
            this.ignoreEmpty = ignoreEmpty;
            return self();
        }

        /**
         * Sets the reduction of {@link OverlapMetric#aggregate()} (default {@link MetricReduction#MEAN}).
         *
         * @param reduction the reduction
         * @return this builder
         */
        public B optReduction(MetricReduction reduction) {
            this.reduction = Objects.requireNonNull(reduction, "reduction");
            return self();
        }

        /**
         * Builds the metric.
         *
         * @return the metric
         * @throws IllegalArgumentException if the name is blank
         */
        public T build() {
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank, got '" + name + "'");
            }
            return create();
        }
    }
}
