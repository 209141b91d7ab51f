package io.brainseg.transforms.intensity;

import ai.djl.ndarray.NDArray;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.base.Checks;
import io.brainseg.transforms.base.CpuBuffers;
import io.brainseg.transforms.base.KeyedTransform;
import io.brainseg.transforms.base.PerSample;
import java.util.random.RandomGenerator;

/**
 * Shared body of the random per-sample intensity ops ({@link RandScaleIntensity},
 * {@link RandShiftIntensity}): with probability {@code prob}, per sample, a value v uniform in
 * [lo, hi) is drawn and turned into a per-sample operand; unselected samples get the identity
 * operand. Subclasses say how v becomes the operand and how the operand is applied.
 */
abstract class RandIntensityOp extends KeyedTransform implements FusableIntensity {

    private final double lo;
    private final double hi;
    private final double prob;

    RandIntensityOp(RangeBuilder<?> b) {
        super(b);
        this.lo = b.lo;
        this.hi = b.hi;
        this.prob = b.prob;
    }

    /** The per-sample operand for a selected sample that drew {@code v}. */
    abstract float operand(double v);

    /** The operand of an unselected sample (leaves it unchanged). */
    abstract float identity();

    /**
     * Applies the per-sample operand column to {@code x}.
     *
     * @param x floating input, N×...
     * @param col operand column, broadcastable to x
     * @param inPlace whether x may be modified (true when x is a cast result of our own)
     * @return the result
     */
    abstract NDArray combine(NDArray x, NDArray col, boolean inPlace);

    /** Records the drawn operands on the fused plan. */
    abstract void record(IntensityPlan plan, float[] operands);

    @Override
    public boolean isRandom() {
        return true;
    }

    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        float[] operands = draw(batch.size(), rng);
        for (String key : presentKeys(batch)) {
            replace(batch, key, (m, x) -> {
                var f = asFloating(x);
                var col = PerSample.column(m, operands, f);
                // A cast result is ours to modify; the batch's own array is never changed in place.
                return combine(f, col, f != x);
            });
        }
    }

    private float[] draw(int n, RandomGenerator rng) {
        float[] operands = new float[n];
        for (int i = 0; i < n; i++) {
            // Both draws happen for every sample so the random stream does not depend on the coin.
            boolean on = PerSample.coin(rng, prob);
            double v = PerSample.uniform(rng, lo, hi);
            operands[i] = on ? operand(v) : identity();
        }
        return operands;
    }

    @Override
    public boolean fusesOn(SampleBatch batch) {
        return CpuBuffers.isCpu(batch.getManager());
    }

    @Override
    public boolean plan(IntensityPlan plan, RandomGenerator rng) {
        if (!plan.acceptsOps()) {
            return false;
        }
        record(plan, draw(plan.size(), rng));
        return true;
    }

    /**
     * Builder settings shared by the random intensity ops: the range [lo, hi) and {@code prob}.
     *
     * @param <T> the concrete builder
     */
    abstract static class RangeBuilder<T extends RangeBuilder<T>> extends BaseBuilder<T> {

        private double lo = Double.NaN;
        private double hi = Double.NaN;
        private double prob = 0.1;

        RangeBuilder() {
            super("image");
        }

        final T range(double lo, double hi) {
            this.lo = lo;
            this.hi = hi;
            return self();
        }

        /**
         * Sets the per-sample probability (default 0.1).
         *
         * @param prob the probability in [0, 1]
         * @return this builder
         */
        public T optProb(double prob) {
            this.prob = prob;
            return self();
        }

        /**
         * Validates keys, the range (named {@code rangeName} in messages) and prob.
         *
         * @throws IllegalArgumentException if the range is missing, not finite or reversed, or
         *     prob is outside [0, 1]
         */
        final void validate(String rangeName) {
            validateKeys();
            Checks.finite(rangeName, lo);
            Checks.finite(rangeName, hi);
            if (lo > hi) {
                throw new IllegalArgumentException(
                        rangeName + " must satisfy min <= max, got [" + lo + ", " + hi + "]");
            }
            Checks.probability(prob);
        }
    }
}
