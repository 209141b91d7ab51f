package io.brainseg.transforms.spatial;

import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.base.Backend;
import io.brainseg.transforms.base.Checks;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Rotates every sample by a fixed angle about the image centre (MONAI's {@code Rotate}, 2-D). For
 * output pixel (i, j), with {@code c_in = (in − 1)/2}, {@code c_out = (out − 1)/2}, the input
 * position is {@code (si, sj) = R(θ)·(i − c_out,r, j − c_out,c) + c_in},
 * {@code R = [[cos θ, −sin θ], [sin θ, cos θ]]} on (row, col). Bilinear reads the 4 neighbours;
 * nearest rounds half to even. {@link PaddingMode#ZEROS}: taps outside contribute 0;
 * {@link PaddingMode#BORDER} (the default): the position is clamped to the image first.
 *
 * <p>With {@code keepSize=false} the output grows to MONAI's {@code int(ptp(R·corners) + 0.5)}
 * (16×16 at 0.3 rad gives 20×20). Keys in {@code maskKeys} (default {@code mask}) always use
 * nearest, so masks stay binary. Input {@code N×C×H×W}; see {@link Backend} for the
 * CPU / device implementations. Default keys {@code image}, {@code mask}.
 */
public final class Rotate extends SpatialTransform implements FusableSpatial {

    private final double angle;
    private final boolean keepSize;
    private final Rotator rotator;

    private Rotate(Builder b, Rotator rotator) {
        super(b);
        this.angle = b.angle;
        this.keepSize = b.keepSize;
        this.rotator = rotator;
    }

    /**
     * Returns a builder; {@link Builder#setAngle} is required.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        List<String> keys = checkedKeys(batch);
        int[] hw = spatialSize(batch, keys);
        if (hw == null) {
            return;
        }
        int[] out = keepSize ? hw : RotationGeometry.expandedSize(hw[0], hw[1], angle);
        double[] angles = new double[batch.size()];
        Arrays.fill(angles, angle);
        for (String key : keys) {
            replace(batch, key, (m, x) -> rotator.rotate(m, key, x, angles, out[0], out[1]));
        }
    }

    @Override
    public boolean fusesOn(SampleBatch batch) {
        return keepSize && rotator.backend().resolve(batch.getDevice()) == Backend.CPU_KERNEL;
    }

    @Override
    public boolean plan(SampleBatch batch, SpatialPlan plan, RandomGenerator rng) {
        if (!keepSize || !plan.acceptsRotation()) {
            return false;
        }
        double[] angles = new double[plan.size()];
        Arrays.fill(angles, angle);
        plan.rotate(angles, rotator);
        return true;
    }

    /** Builder of {@link Rotate}. */
    public static final class Builder extends RotateBuilder<Builder> {

        private double angle = Double.NaN;
        private boolean keepSize = true;

        Builder() {}

        /**
         * Sets the angle in radians (required).
         *
         * @param angle the angle
         * @return this builder
         */
        public Builder setAngle(double angle) {
            this.angle = angle;
            return this;
        }

        /**
         * Keeps the input size (default true); false grows the output to hold the whole rotated
         * image.
         *
         * @param keepSize whether to keep the size
         * @return this builder
         */
        public Builder optKeepSize(boolean keepSize) {
            this.keepSize = keepSize;
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
         * @throws IllegalArgumentException if the angle is missing or not finite, or alignCorners
         *     is true
         */
        public Rotate build() {
            Checks.finite("angle", angle);
            return new Rotate(this, rotator());
        }
    }
}
