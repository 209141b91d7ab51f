package io.brainseg.transforms.spatial;

import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.base.Backend;
import io.brainseg.transforms.base.Checks;
import io.brainseg.transforms.base.PerSample;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Rotates each sample, with probability {@code prob}, by its own angle uniform in
 * [−rangeX, rangeX) (or [lo, hi)) about the image centre (MONAI's {@code RandRotate}, 2-D,
 * {@code keep_size=True}). Sampling formula, modes and padding as in {@link Rotate}; samples not
 * selected get angle 0, which both backends return exactly (the CPU kernel copies them). All keys
 * of a sample turn by the same angle; mask keys use nearest and stay binary. Default keys
 * {@code image}, {@code mask}; default prob 0.1 (MONAI's).
 */
public final class RandRotate extends SpatialTransform implements FusableSpatial {

    private final double lo;
    private final double hi;
    private final double prob;
    private final Rotator rotator;

    private RandRotate(Builder b, Rotator rotator) {
        super(b);
        this.lo = b.lo;
        this.hi = b.hi;
        this.prob = b.prob;
        this.rotator = rotator;
    }

    /**
     * Returns a builder; {@link Builder#setRangeX} is required.
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

    /**
     * Draws the per-sample angles (0 for samples not selected), as {@link #apply} does.
     *
     * @param n the batch size
     * @param rng the generator
     * @return the angles in radians
     */
    public double[] drawAngles(int n, RandomGenerator rng) {
        double[] angles = new double[n];
        for (int i = 0; i < n; i++) {
            boolean on = PerSample.coin(rng, prob);
            double a = PerSample.uniform(rng, lo, hi);
            angles[i] = on ? a : 0;
        }
        return angles;
    }

    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        double[] angles = drawAngles(batch.size(), rng);
        List<String> keys = checkedKeys(batch);
        int[] hw = spatialSize(batch, keys);
        boolean any = false;
        for (double a : angles) {
            any |= a != 0;
        }
        if (hw == null || !any) {
            return;
        }
        for (String key : keys) {
            replace(batch, key, (m, x) -> rotator.rotate(m, key, x, angles, hw[0], hw[1]));
        }
    }

    @Override
    public boolean fusesOn(SampleBatch batch) {
        return rotator.backend().resolve(batch.getDevice()) == Backend.CPU_KERNEL;
    }

    @Override
    public boolean plan(SampleBatch batch, SpatialPlan plan, RandomGenerator rng) {
        if (!plan.acceptsRotation()) {
            return false;
        }
        plan.rotate(drawAngles(plan.size(), rng), rotator);
        return true;
    }

    /** Builder of {@link RandRotate}. */
    public static final class Builder extends RotateBuilder<Builder> {

        private double lo = Double.NaN;
        private double hi = Double.NaN;
        private double prob = 0.1;

        Builder() {}

        /**
         * Sets the angle range to [−rangeX, rangeX) radians (required, this or
         * {@link #setRangeX(double, double)}).
         *
         * @param rangeX the half-width, ≥ 0
         * @return this builder
         */
        public Builder setRangeX(double rangeX) {
            return setRangeX(-rangeX, rangeX);
        }

        /**
         * Sets the angle range [lo, hi) in radians.
         *
         * @param lo lower bound
         * @param hi upper bound, ≥ lo
         * @return this builder
         */
        public Builder setRangeX(double lo, double hi) {
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
         * @throws IllegalArgumentException if rangeX is missing, not finite or reversed, prob is
         *     outside [0, 1], or alignCorners is true
         */
        public RandRotate build() {
            Checks.finite("rangeX", lo);
            Checks.finite("rangeX", hi);
            if (lo > hi) {
                throw new IllegalArgumentException("rangeX must satisfy min <= max, got [" + lo + ", " + hi + "]");
            }
            Checks.probability(prob);
            return new RandRotate(this, rotator());
        }
    }
}
