package io.brainseg.transforms.intensity;

import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.Checks;
import io.brainseg.transforms.KeyedTransform;
import io.brainseg.transforms.PerSample;
import java.util.random.RandomGenerator;

/**
 * Randomly shifts each sample's intensity (MONAI's {@code RandShiftIntensity}): with probability
 * {@code prob}, per sample, {@code y = x + o} with o uniform in [oMin, oMax) (a single
 * {@code offsets} value o means [−o, o)). Samples not selected are unchanged. Any rank ≥ 1;
 * integer input is cast to float32. Default key: {@code image}; default prob 0.1 (MONAI's).
 */
public final class RandShiftIntensity extends KeyedTransform implements FusableIntensity {

    private final double lo;
    private final double hi;
    private final double prob;

    private RandShiftIntensity(Builder b) {
        super(b);
        this.lo = b.lo;
        this.hi = b.hi;
        this.prob = b.prob;
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
    public boolean isRandom() {
        return true;
    }

    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        float[] shift = draw(batch.size(), rng);
        for (String key : presentKeys(batch)) {
            replace(batch, key, (m, x) -> {
                var f = asFloating(x);
                var col = PerSample.column(m, shift, f);
                // A cast result is ours to modify; the batch's own array is never changed in place.
                return f == x ? f.add(col) : f.addi(col);
            });
        }
    }

    private float[] draw(int n, RandomGenerator rng) {
        float[] shift = new float[n];
        for (int i = 0; i < n; i++) {
            boolean on = PerSample.coin(rng, prob);
            double f = PerSample.uniform(rng, lo, hi);
            shift[i] = on ? (float) f : 0f;
        }
        return shift;
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
        plan.shift(draw(plan.size(), rng));
        return true;
    }

    /** Builder of {@link RandShiftIntensity}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private double lo = Double.NaN;
        private double hi = Double.NaN;
        private double prob = 0.1;

        Builder() {
            super("image");
        }

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
         * @throws IllegalArgumentException if offsets are missing, not finite or reversed, or prob
         *     is outside [0, 1]
         */
        public RandShiftIntensity build() {
            validateKeys();
            Checks.finite("offsets", lo);
            Checks.finite("offsets", hi);
            if (lo > hi) {
                throw new IllegalArgumentException("offsets must satisfy min <= max, got ["
                        + lo + ", " + hi + "]");
            }
            Checks.probability(prob);
            return new RandShiftIntensity(this);
        }
    }
}
