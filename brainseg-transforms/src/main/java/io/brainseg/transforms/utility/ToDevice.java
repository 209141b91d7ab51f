package io.brainseg.transforms.utility;

import ai.djl.Device;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.base.KeyedTransform;
import java.util.random.RandomGenerator;

/**
 * Moves arrays to a device (MONAI's {@code ToDevice}); arrays already there are kept. The batch's
 * manager still owns the moved arrays. Usually the loader creates the batch on the model's device
 * already, and this transform is then a no-op. Default keys {@code image}, {@code mask} (missing
 * keys are skipped).
 */
public final class ToDevice extends KeyedTransform {

    private final Device device;

    private ToDevice(Builder b) {
        super(b);
        this.device = b.device;
    }

    /**
     * Returns a builder; {@link Builder#setDevice} is required.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void apply(SampleBatch batch, RandomGenerator rng) {
        for (String key : presentKeys(batch)) {
            if (!device.equals(batch.get(key).getDevice())) {
                replace(batch, key, (m, x) -> x.toDevice(device, false));
            }
        }
    }

    /** Builder of {@link ToDevice}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private Device device;

        Builder() {
            super("image", "mask");
            optAllowMissingKeys(true);
        }

        /**
         * Sets the target device (required).
         *
         * @param device the device
         * @return this builder
         */
        public Builder setDevice(Device device) {
            this.device = device;
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
         * @throws IllegalArgumentException if the device is missing
         */
        public ToDevice build() {
            validateKeys();
            if (device == null) {
                throw new IllegalArgumentException("device must be set, got null");
            }
            return new ToDevice(this);
        }
    }
}
