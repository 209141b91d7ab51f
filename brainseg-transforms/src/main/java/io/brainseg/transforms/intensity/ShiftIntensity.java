package io.brainseg.transforms.intensity;

import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.base.Checks;
import io.brainseg.transforms.base.KeyedTransform;
import java.util.random.RandomGenerator;

/**
 * Adds a constant (MONAI's {@code ShiftIntensity}): {@code y = x + offset}. Any rank; integer input
 * is cast to float32 first. Default key: {@code image}.
 */
public final class ShiftIntensity extends KeyedTransform {

    private final double offset;

    private ShiftIntensity(Builder b) {
        super(b);
        this.offset = b.offset;
    }

    /**
     * Returns a builder; {@link Builder#setOffset} is required.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        for (String key : presentKeys(batch)) {
            replace(batch, key, (m, x) -> asFloating(x).add(offset));
        }
    }

    /** Builder of {@link ShiftIntensity}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private double offset = Double.NaN;

        Builder() {
            super("image");
        }

        /**
         * Sets the offset added to every value (required).
         *
         * @param offset the offset
         * @return this builder
         */
        public Builder setOffset(double offset) {
            this.offset = offset;
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
         * @throws IllegalArgumentException if the offset is missing or not finite
         */
        public ShiftIntensity build() {
            validateKeys();
            Checks.finite("offset", offset);
            return new ShiftIntensity(this);
        }
    }
}
