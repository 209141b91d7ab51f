package io.brainseg.transforms.intensity;

import ai.djl.ndarray.NDArray;

/**
 * Randomly shifts each sample's intensity (MONAI's {@code RandShiftIntensity}): with probability
 * {@code prob}, per sample, {@code y = x + o} with o uniform in [oMin, oMax) (a single
 * {@code offsets} value o means [−o, o)). Samples not selected are unchanged. Any rank ≥ 1;
 * integer input is cast to float32. Default key: {@code image}; default prob 0.1 (MONAI's).
 */
public final class RandShiftIntensity extends RandIntensityOp {

    private RandShiftIntensity(Builder b) {
        super(b);
    }

    /**
     * Returns a builder; {@link Builder#setOffsets} is required.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    float operand(double v) {
        return (float) v;
    }

    @Override
    float identity() {
        return 0f;
    }

    @Override
    NDArray combine(NDArray x, NDArray col, boolean inPlace) {
        return inPlace ? x.addi(col) : x.add(col);
    }

    @Override
    void record(IntensityPlan plan, float[] operands) {
        plan.shift(operands);
    }

    /** Builder of {@link RandShiftIntensity}. */
    public static final class Builder extends RangeBuilder<Builder> {

        Builder() {}

        /**
         * Sets the offset range to [−o, o) (required, this or {@link #setOffsets(double, double)}).
         *
         * @param f the half-width, ≥ 0
         * @return this builder
         */
        public Builder setOffsets(double f) {
            return setOffsets(-f, f);
        }

        /**
         * Sets the offset range [lo, hi).
         *
         * @param lo lower bound
         * @param hi upper bound, ≥ lo
         * @return this builder
         */
        public Builder setOffsets(double lo, double hi) {
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
         * @throws IllegalArgumentException if offsets are missing, not finite or reversed, or prob
         *     is outside [0, 1]
         */
        public RandShiftIntensity build() {
            validate("offsets");
            return new RandShiftIntensity(this);
        }
    }
}
