package io.brainseg.transforms.spatial;

import ai.djl.ndarray.NDArrays;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.base.Backend;
import io.brainseg.transforms.base.Checks;
import io.brainseg.transforms.base.PerSample;
import java.util.random.RandomGenerator;

/**
 * Flips each sample with probability {@code prob} (MONAI's {@code RandFlip}), batched: on a device
 * the flipped batch is selected per sample with {@code where} on a per-sample boolean column; on
 * the CPU a byte-copy kernel flips the chosen samples in one pass. Image and mask of one sample
 * are flipped together. Axes as in {@link Flip}. Any dtype. Default keys
 * {@code image}, {@code mask}; default prob 0.1 (MONAI's).
 */
public final class RandFlip extends SpatialTransform implements FusableSpatial {

    private final int[] axes;
    private final double prob;
    private final Backend backend;

    private RandFlip(Builder b) {
        super(b);
        this.axes = FlipAxes.toArrayAxes(b.spatialAxis);
        this.prob = b.prob;
        this.backend = b.backend;
    }

    /**
     * Returns a builder.
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
        int n = batch.size();
        boolean[] flip = new boolean[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            flip[i] = PerSample.coin(rng, prob);
            count += flip[i] ? 1 : 0;
        }
        if (count == 0) {
            checkedKeys(batch);
            return;
        }
        boolean all = count == n;
        boolean rows = java.util.Arrays.stream(axes).anyMatch(a -> a == 2);
        boolean cols = java.util.Arrays.stream(axes).anyMatch(a -> a == 3);
        for (String key : checkedKeys(batch)) {
            replace(batch, key, (m, x) -> {
                if (backend.resolve(m.getDevice()) == Backend.CPU_KERNEL) {
                    return CpuCopyKernels.flip(m, x, flip, rows, cols);
                }
                return all
                        ? x.flip(axes)
                        : NDArrays.where(PerSample.flags(m, flip, x).broadcast(x.getShape()), x.flip(axes), x);
            });
        }
    }

    @Override
    public boolean fusesOn(SampleBatch batch) {
        return backend.resolve(batch.getDevice()) == Backend.CPU_KERNEL;
    }

    @Override
    public boolean plan(SampleBatch batch, SpatialPlan plan, RandomGenerator rng) {
        if (!plan.acceptsFlip()) {
            return false;
        }
        boolean rows = java.util.Arrays.stream(axes).anyMatch(a -> a == 2);
        boolean cols = java.util.Arrays.stream(axes).anyMatch(a -> a == 3);
        for (int i = 0; i < plan.size(); i++) {
            if (PerSample.coin(rng, prob)) {
                plan.flip(i, rows, cols);
            }
        }
        return true;
    }

    /** Builder of {@link RandFlip}. */
    public static final class Builder extends SpatialBuilder<Builder> {

        private int[] spatialAxis;
        private double prob = 0.1;
        private Backend backend = Backend.AUTO;

        Builder() {}

        /**
         * Chooses the implementation (default AUTO: a byte-copy kernel on CPU, {@code where} on a
         * per-sample flag column elsewhere).
         *
         * @param backend the backend
         * @return this builder
         */
        public Builder optBackend(Backend backend) {
            this.backend = java.util.Objects.requireNonNull(backend, "backend");
            return this;
        }

        /**
         * Sets the spatial axes to flip (0 = rows, 1 = columns); none set flips both.
         *
         * @param spatialAxis the axes
         * @return this builder
         */
        public Builder optSpatialAxis(int... spatialAxis) {
            this.spatialAxis = spatialAxis;
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
         * @throws IllegalArgumentException if prob is outside [0, 1] or an axis is not 0 or 1
         */
        public RandFlip build() {
            validateKeys();
            Checks.probability(prob);
            spatialAxis = FlipAxes.validate(spatialAxis);
            return new RandFlip(this);
        }
    }
}
