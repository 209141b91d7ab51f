package io.brainseg.metrics;

/**
 * Dice coefficient per slice (per sample and channel), MONAI's {@code DiceMetric}.
 *
 * <p>Per (sample, channel) with {@code I = |ŷ∧y|}, {@code P = |ŷ|}, {@code G = |y|}: {@code 2I / (G + P)}
 * when {@code G > 0}; for an empty ground truth NaN with {@code ignoreEmpty} (the default, skipped
 * by the mean), else 1.0 if the prediction is empty too and 0.0 if not. Inputs must be binarised
 * ({@link Thresholding}); see {@link MetricInputs} for how soft values count and
 * {@link OverlapMetric} for accumulation and reductions. {@link #compute()} is MONAI's
 * {@code mean} aggregate (0.0 when every value is NaN).
 *
 * <pre>{@code
 * DiceMetric metric = DiceMetric.builder().build();
 * metric.update(Thresholding.sigmoidThreshold(logits), mask, ids);   // per batch
 * double value = metric.compute();                                    // per epoch
 * metric.reset();
 * }</pre>
 */
public final class DiceMetric extends OverlapMetric {

    private DiceMetric(Builder b) {
        super(b);
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
        return 2 * intersection / (target + predicted);
    }

    /** Builder of {@link DiceMetric}; every setting is optional (default name {@code dice}). */
    public static final class Builder extends OverlapMetric.Builder<DiceMetric, Builder> {

        private Builder() {
            super("dice");
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected DiceMetric create() {
            return new DiceMetric(this);
        }
    }
}
