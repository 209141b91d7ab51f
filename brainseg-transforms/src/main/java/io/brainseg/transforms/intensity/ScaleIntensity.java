package io.brainseg.transforms.intensity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.base.Checks;
import io.brainseg.transforms.base.KeyedTransform;
import java.util.random.RandomGenerator;

/**
 * Rescales intensities per sample (MONAI's {@code ScaleIntensity}), with MONAI's exact precedence:
 * <ul>
 *   <li>if {@code minv} or {@code maxv} is set (the default is 0 and 1): min-max rescale of each
 *       sample (each sample-channel with {@code channelWise}),
 *       {@code y = (x − min)/(max − min)·(maxv − minv) + minv}; when only one of them is set the
 *       result is {@code (x − min)/(max − min)}; a constant sample gives {@code x·minv} (or x when
 *       minv is unset). <b>The factor is ignored in this case</b>, as in MONAI;</li>
 *   <li>otherwise, with both cleared ({@code optMinv(null)}, {@code optMaxv(null)}):
 *       {@code y = x·(1 + factor)}.</li>
 * </ul>
 * Input {@code N×C×...}, any dtype (integers are cast to float32). Default key: {@code image}.
 */
public final class ScaleIntensity extends KeyedTransform {

    private final Double minv;
    private final Double maxv;
    private final Double factor;
    private final boolean channelWise;

    private ScaleIntensity(Builder b) {
        super(b);
        this.minv = b.minv;
        this.maxv = b.maxv;
        this.factor = b.factor;
        this.channelWise = b.channelWise;
    }

    /**
     * Returns a builder (defaults: minv 0, maxv 1, no factor, not channel-wise).
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
            if (x.getShape().dimension() < 2) {
                throw new IllegalArgumentException(
                        name() + " expects '" + key + "' as N×C×... (rank >= 2), got shape " + x.getShape());
            }
            replace(batch, key, this::scale);
        }
    }

    private NDArray scale(NDManager m, NDArray input) {
        NDArray x = asFloating(input);
        if (minv == null && maxv == null) {
            return x.mul(1 + factor);
        }
        NDArray v = SampleGroups.group(x, channelWise);
        int[] axis = {SampleGroups.axis(v)};
        NDArray min = v.min(axis, true);
        NDArray range = v.max(axis, true).sub(min);
        NDArray flat = range.eq(0);
        NDArray norm = v.sub(min).div(NDArrays.where(flat, range.onesLike(), range));
        NDArray scaled =
                minv == null || maxv == null ? norm : norm.mul(maxv - minv).add(minv);
        NDArray constant = minv == null ? v : v.mul(minv);
        // The engine's where does not broadcast the condition.
        return NDArrays.where(flat.broadcast(v.getShape()), constant, scaled).reshape(input.getShape());
    }

    /** Builder of {@link ScaleIntensity}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private Double minv = 0.0;
        private Double maxv = 1.0;
        private Double factor;
        private boolean channelWise;

        Builder() {
            super("image");
        }

        /**
         * Sets the output minimum; null clears it (default 0).
         *
         * @param minv the minimum or null
         * @return this builder
         */
        public Builder optMinv(Double minv) {
            this.minv = minv;
            return this;
        }

        /**
         * Sets the output maximum; null clears it (default 1).
         *
         * @param maxv the maximum or null
         * @return this builder
         */
        public Builder optMaxv(Double maxv) {
            this.maxv = maxv;
            return this;
        }

        /**
         * Sets the factor of {@code x·(1 + factor)}; used only when minv and maxv are both null.
         *
         * @param factor the factor or null
         * @return this builder
         */
        public Builder optFactor(Double factor) {
            this.factor = factor;
            return this;
        }

        /**
         * Rescales each channel separately (default false).
         *
         * @param channelWise whether to rescale per channel
         * @return this builder
         */
        public Builder optChannelWise(boolean channelWise) {
            this.channelWise = channelWise;
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
         * @throws IllegalArgumentException if a value is not finite, or minv, maxv and factor are
         *     all null
         */
        public ScaleIntensity build() {
            validateKeys();
            if (minv != null) {
                Checks.finite("minv", minv);
            }
            if (maxv != null) {
                Checks.finite("maxv", maxv);
            }
            if (factor != null) {
                Checks.finite("factor", factor);
            }
            if (minv == null && maxv == null && factor == null) {
                throw new IllegalArgumentException(
                        "factor must be set when minv and maxv are both null, got factor=null");
            }
            return new ScaleIntensity(this);
        }
    }
}
