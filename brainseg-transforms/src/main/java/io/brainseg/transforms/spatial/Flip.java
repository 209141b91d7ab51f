package io.brainseg.transforms.spatial;

import io.brainseg.core.batch.SampleBatch;
import java.util.random.RandomGenerator;

/**
 * Flips along spatial axes (MONAI's {@code Flip}): spatial axis 0 is H (rows), 1 is W (columns),
 * none means both. Input {@code N×C×H×W}, any dtype (masks stay exact). Default keys
 * {@code image}, {@code mask}.
 */
public final class Flip extends SpatialTransform implements FusableSpatial {

    private final int[] axes;

    private Flip(Builder b) {
        super(b);
        this.axes = FlipAxes.toArrayAxes(b.spatialAxis);
    }

    /**
     * Returns a builder (default: flip both spatial axes, as MONAI's {@code spatial_axis=None}).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        for (String key : checkedKeys(batch)) {
            replace(batch, key, (m, x) -> x.flip(axes));
        }
    }

    @Override
    public boolean fusesOn(SampleBatch batch) {
        return onCpu(batch);
    }

    @Override
    public boolean plan(SampleBatch batch, SpatialPlan plan, RandomGenerator rng) {
        if (!plan.acceptsFlip()) {
            return false;
        }
        boolean rows = java.util.Arrays.stream(axes).anyMatch(a -> a == 2);
        boolean cols = java.util.Arrays.stream(axes).anyMatch(a -> a == 3);
        for (int i = 0; i < plan.size(); i++) {
            plan.flip(i, rows, cols);
        }
        return true;
    }

    /** Builder of {@link Flip}. */
    public static final class Builder extends SpatialBuilder<Builder> {

        private int[] spatialAxis;

        Builder() {}

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

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the transform.
         *
         * @return the transform
         * @throws IllegalArgumentException if an axis is not 0 or 1
         */
        public Flip build() {
            validateKeys();
            spatialAxis = FlipAxes.validate(spatialAxis);
            return new Flip(this);
        }
    }
}
