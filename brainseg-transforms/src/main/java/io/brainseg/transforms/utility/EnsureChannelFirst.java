package io.brainseg.transforms.utility;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.base.KeyedTransform;
import java.util.random.RandomGenerator;

/**
 * Brings arrays to the channel-first batch layout {@code N×C×H×W} (MONAI's
 * {@code EnsureChannelFirst}, batched). With no channel axis ({@code N×H×W}) a channel of 1 is
 * inserted; {@code optChannelDim(-1)} declares channel-last input ({@code N×H×W×C}), which is
 * transposed. Rank-4 input without a declared channel axis is taken as channel-first already
 * (there is no metadata to tell otherwise). Default keys {@code image}, {@code mask} (missing keys
 * are skipped).
 */
public final class EnsureChannelFirst extends KeyedTransform {

    private final Integer channelDim;

    private EnsureChannelFirst(Builder b) {
        super(b);
        this.channelDim = b.channelDim;
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
            NDArray x = batch.get(key);
            Shape s = x.getShape();
            if (s.dimension() == 3) {
                replace(batch, key, (m, a) -> a.expandDims(1));
            } else if (s.dimension() == 4) {
                if (channelDim != null && channelDim == -1) {
                    replace(batch, key, (m, a) -> a.transpose(0, 3, 1, 2));
                }
            } else {
                throw new IllegalArgumentException(
                        name() + " expects '" + key + "' as N×H×W, N×C×H×W or N×H×W×C (rank 3 or 4), got shape " + s);
            }
        }
    }

    /** Builder of {@link EnsureChannelFirst}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private Integer channelDim;

        Builder() {
            super("image", "mask");
            optAllowMissingKeys(true);
        }

        /**
         * Declares where the channel axis of a sample is: 0 (channel-first, the default for rank-4
         * input) or -1 (channel-last).
         *
         * @param channelDim 0 or -1
         * @return this builder
         */
        public Builder optChannelDim(int channelDim) {
            this.channelDim = channelDim;
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
         * @throws IllegalArgumentException if channelDim is not 0 or -1
         */
        public EnsureChannelFirst build() {
            validateKeys();
            if (channelDim != null && channelDim != 0 && channelDim != -1) {
                throw new IllegalArgumentException("channelDim must be 0 or -1, got " + channelDim);
            }
            return new EnsureChannelFirst(this);
        }
    }
}
