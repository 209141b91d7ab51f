package io.brainseg.transforms.intensity;

import ai.djl.ndarray.NDArray;

/**
 * Randomly scales each sample's intensity (MONAI's {@code RandScaleIntensity}): with probability
 * {@code prob}, per sample, {@code y = x·(1 + f)} with f uniform in [fMin, fMax) (a single
 * {@code factors} value f means [−f, f)). Samples not selected are unchanged. Any rank ≥ 1;
 * integer input is cast to float32. Default key: {@code image}; default prob 0.1 (MONAI's).
 */
public final class RandScaleIntensity extends RandIntensityOp {

    private RandScaleIntensity(Builder b) {
        super(b);
    }

    /**
     * Returns a builder; {@link Builder#setFactors} is required.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    float operand(double v) {
        return (float) (1 + v);
    }

    @Override
    float identity() {
        return 1f;
    }

    @Override
    NDArray combine(NDArray x, NDArray col, boolean inPlace) {
        return inPlace ? x.muli(col) : x.mul(col);
    }

    @Override
    void record(IntensityPlan plan, float[] operands) {
        plan.scale(operands);
    }

    /** Builder of {@link RandScaleIntensity}. */
    public static final class Builder extends RangeBuilder<Builder> {

        Builder() {}

        /**
         * Sets the factor range to [−f, f) (required, this or {@link #setFactors(double, double)}).
         *
         * @param f the half-width, ≥ 0
         * @return this builder
         */
        public Builder setFactors(double f) {
            return setFactors(-f, f);
        }

        /**
         * Sets the factor range [lo, hi).
         *
         * @param lo lower bound
         * @param hi upper bound, ≥ lo
         * @return this builder
         */
        public Builder setFactors(double lo, double hi) {
            return range(lo, hi);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the transform.
         *
         * @return the transform
         * @throws IllegalArgumentException if factors are missing, not finite or reversed, or prob
         *     is outside [0, 1]
         */
        public RandScaleIntensity build() {
            validate("factors");
            return new RandScaleIntensity(this);
        }
    }
}
