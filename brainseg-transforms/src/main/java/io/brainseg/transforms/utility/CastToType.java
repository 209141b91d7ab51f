package io.brainseg.transforms.utility;

import ai.djl.ndarray.types.DataType;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.base.FusablePointwise;
import io.brainseg.transforms.base.KeyedTransform;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Casts arrays to a data type (MONAI's {@code CastToType}); values are converted as PyTorch's
 * {@code to(dtype)} does (float to integer truncates). An array already of that type is kept.
 * Any rank. Default key {@code image}; default type float32.
 */
public final class CastToType extends KeyedTransform implements FusablePointwise {

    private final DataType dtype;

    private CastToType(Builder b) {
        super(b);
        this.dtype = b.dtype;
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
    public void apply(SampleBatch batch, RandomGenerator rng) {
        for (String key : presentKeys(batch)) {
            if (batch.get(key).getDataType() != dtype) {
                replace(batch, key, (m, x) -> x.toType(dtype, false));
            }
        }
    }

    /** Builder of {@link CastToType}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private DataType dtype = DataType.FLOAT32;

        Builder() {
            super("image");
        }

        /**
         * Sets the target type (default float32).
         *
         * @param dtype the type
         * @return this builder
         */
        public Builder optDtype(DataType dtype) {
            this.dtype = Objects.requireNonNull(dtype, "dtype");
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
         * @throws IllegalArgumentException if the type is not a numeric or boolean type
         */
        public CastToType build() {
            validateKeys();
            if (dtype == DataType.STRING || dtype == DataType.UNKNOWN) {
                throw new IllegalArgumentException("dtype must be numeric or boolean, got " + dtype);
            }
            return new CastToType(this);
        }
    }
}
