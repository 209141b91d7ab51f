package io.brainseg.transforms.intensity;

import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.Checks;
import io.brainseg.transforms.KeyedTransform;
import io.brainseg.transforms.PerSample;
import java.util.random.RandomGenerator;

/**
 * Randomly scales each sample's intensity (MONAI's {@code RandScaleIntensity}): with probability
 * {@code prob}, per sample, {@code y = x·(1 + f)} with f uniform in [fMin, fMax) (a single
 * {@code factors} value f means [−f, f)). Samples not selected are unchanged. Any rank ≥ 1;
 * integer input is cast to float32. Default key: {@code image}; default prob 0.1 (MONAI's).
 */
public final class RandScaleIntensity extends KeyedTransform implements FusableIntensity {

    private final double lo;
    private final double hi;
    private final double prob;

    private RandScaleIntensity(Builder b) {
        super(b);
        this.lo = b.lo;
        this.hi = b.hi;
        this.prob = b.prob;
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
    public boolean isRandom() {
        return true;
    }

    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        float[] scale = draw(batch.size(), rng);
        for (String key : presentKeys(batch)) {
            replace(batch, key, (m, x) -> {
                var f = asFloating(x);
                var col = PerSample.column(m, scale, f);
                // A cast result is ours to modify; the batch's own array is never changed in place.
                return f == x ? f.mul(col) : f.muli(col);
            });
        }
    }

    private float[] draw(int n, RandomGenerator rng) {
        float[] scale = new float[n];
        for (int i = 0; i < n; i++) {
            boolean on = PerSample.coin(rng, prob);
            double f = PerSample.uniform(rng, lo, hi);
            scale[i] = on ? (float) (1 + f) : 1f;
        }
        return scale;
    }

    @Override
    public boolean fusesOn(SampleBatch batch) {
        return io.brainseg.transforms.CpuBuffers.isCpu(batch.getManager());
    }

    @Override
    public boolean plan(IntensityPlan plan, RandomGenerator rng) {
        if (!plan.acceptsOps()) {
            return false;
        }
        plan.scale(draw(plan.size(), rng));
        return true;
    }

    /** Builder of {@link RandScaleIntensity}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private double lo = Double.NaN;
        private double hi = Double.NaN;
        private double prob = 0.1;

        Builder() {
            super("image");
        }

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
            this.lo = lo;
            this.hi = hi;
            return this;
        }

        /**
         * Sets the per-sample probability (default 0.1).
         *
         * @param prob the probability in [0, 1]
         * @return this builder
         */
        public Builder optProb(double prob) {
            this.prob = prob;
            return this;
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
            validateKeys();
            Checks.finite("factors", lo);
            Checks.finite("factors", hi);
            if (lo > hi) {
                throw new IllegalArgumentException("factors must satisfy min <= max, got ["
                        + lo + ", " + hi + "]");
            }
            Checks.probability(prob);
            return new RandScaleIntensity(this);
        }
    }
}
