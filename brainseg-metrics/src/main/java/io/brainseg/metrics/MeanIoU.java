package io.brainseg.metrics;

import java.util.Objects;

/**
 * Intersection over union per slice (per sample and channel), MONAI's {@code MeanIoU}.
 *
 * <p>Per (sample, channel) with {@code I = |ŷ∧y|}, {@code P = |ŷ|}, {@code G = |y|}: {@code I / (G + P − I)}
 * when {@code G > 0}; for an empty ground truth NaN with {@code ignoreEmpty} (the default, skipped
 * by the mean), else 1.0 if the prediction is empty too and 0.0 if not. Inputs must be binarised
 * ({@link Thresholding}); see {@link MetricInputs} for how soft values count and
 * {@link OverlapMetric} for accumulation and reductions. {@link #compute()} is MONAI's
 * {@code mean} aggregate (0.0 when every value is NaN).
 *
 * <pre>{@code
 * MeanIoU metric = MeanIoU.builder().build();
 * metric.update(Thresholding.sigmoidThreshold(logits), mask, ids);   // per batch
 * double value = metric.compute();                                    // per epoch
 * metric.reset();
 * }</pre>
 */
public final class MeanIoU extends OverlapMetric {

    private MeanIoU(Builder b) {
        super(b.name, b.includeBackground, b.ignoreEmpty, b.reduction);
    }

    /**
     * Returns a builder with MONAI's defaults (include background, ignore empty, mean).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected double value(double intersection, double predicted, double target) {
        return intersection / (target + predicted - intersection);
    }

    /** Builder of {@link MeanIoU}; every setting is optional. */
    public static final class Builder {
        private String name = "iou";
        private boolean includeBackground = true;
        private boolean ignoreEmpty = true;
        private MetricReduction reduction = MetricReduction.MEAN;

        private Builder() {}

        /**
         * Sets the name used in logs and as the monitored value (default {@code iou}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Keeps channel 0 of multi-channel inputs (default true).
         *
         * @param includeBackground whether channel 0 counts
         * @return this builder
         */
        public Builder optIncludeBackground(boolean includeBackground) {
            this.includeBackground = includeBackground;
            return this;
        }

        /**
         * Gives NaN (skipped in the mean) for an empty ground truth (default true).
         *
         * @param ignoreEmpty whether to skip empty ground truths
         * @return this builder
         */
        public Builder optIgnoreEmpty(boolean ignoreEmpty) {
            this.ignoreEmpty = ignoreEmpty;
            return this;
        }

        /**
         * Sets the reduction of {@link OverlapMetric#aggregate()} (default {@link MetricReduction#MEAN}).
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
         * @throws IllegalArgumentException if the name is blank
         */
        public MeanIoU build() {
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank, got '" + name + "'");
            }
            return new MeanIoU(this);
        }
    }
}
