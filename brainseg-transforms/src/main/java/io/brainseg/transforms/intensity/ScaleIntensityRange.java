package io.brainseg.transforms.intensity;

import ai.djl.ndarray.NDArray;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.base.Checks;
import io.brainseg.transforms.base.FusablePointwise;
import io.brainseg.transforms.base.KeyedTransform;
import java.util.random.RandomGenerator;

/**
 * Maps the intensity range [aMin, aMax] linearly onto [bMin, bMax] (MONAI's
 * {@code ScaleIntensityRange}): {@code y = (x − aMin)/(aMax − aMin)·(bMax − bMin) + bMin},
 * then clipped to [bMin, bMax] when {@code clip} is set. As in MONAI, aMax = aMin gives
 * {@code y = x − aMin + bMin}.
 *
 * <p>Works on any rank and dtype; integer input (the loader's UINT8) is cast to float32 first,
 * floating input keeps its type. Default key: {@code image}. The reference pipeline starts with
 * {@code ScaleIntensityRange(0, 255, 0, 1)}.
 */
public final class ScaleIntensityRange extends KeyedTransform implements FusablePointwise {

    private final double aMin;
    private final double aMax;
    private final double bMin;
    private final double bMax;
    private final boolean clip;

    private ScaleIntensityRange(Builder b) {
        super(b);
        this.aMin = b.aMin;
        this.aMax = b.aMax;
        this.bMin = b.bMin;
        this.bMax = b.bMax;
        this.clip = b.clip;
    }

    /**
     * Returns a builder; {@link Builder#setRange} is required.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        for (String key : presentKeys(batch)) {
            replace(batch, key, (m, x) -> {
                NDArray f = asFloating(x);
                if (aMax == aMin) {
                    return f.sub(aMin - bMin);
                }
                // One multiply-add pass: x·k + (bMin − aMin·k), k = (bMax − bMin)/(aMax − aMin).
                double k = (bMax - bMin) / (aMax - aMin);
                // Only the first result is new; the add runs in place on it (fewer 12 MB allocations).
                NDArray y = (f == x ? f.mul(k) : f.muli(k)).addi(bMin - aMin * k);
                return clip ? y.clip(Math.min(bMin, bMax), Math.max(bMin, bMax)) : y;
            });
        }
    }

    /** Builder of {@link ScaleIntensityRange}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private double aMin = Double.NaN;
        private double aMax = Double.NaN;
        private double bMin = Double.NaN;
        private double bMax = Double.NaN;
        private boolean clip;

        Builder() {
            super("image");
        }

        /**
         * Sets the input and output ranges (required).
         *
         * @param aMin input minimum
         * @param aMax input maximum
         * @param bMin output minimum
         * @param bMax output maximum
         * @return this builder
         */
        public Builder setRange(double aMin, double aMax, double bMin, double bMax) {
            this.aMin = aMin;
            this.aMax = aMax;
            this.bMin = bMin;
            this.bMax = bMax;
            return this;
        }

        /**
         * Clips the result to [bMin, bMax] (default false, as in MONAI).
         *
         * @param clip whether to clip
         * @return this builder
         */
        public Builder optClip(boolean clip) {
            this.clip = clip;
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
         * @throws IllegalArgumentException if a range value is missing or not finite
         */
        public ScaleIntensityRange build() {
            validateKeys();
            Checks.finite("aMin", aMin);
            Checks.finite("aMax", aMax);
            Checks.finite("bMin", bMin);
            Checks.finite("bMax", bMax);
            return new ScaleIntensityRange(this);
        }
    }
}
