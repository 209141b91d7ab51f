package io.brainseg.transforms.intensity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.brainseg.core.batch.SampleBatch;
import io.brainseg.transforms.base.Checks;
import io.brainseg.transforms.base.KeyedTransform;
import java.util.random.RandomGenerator;

/**
 * Standardises each sample (MONAI's {@code NormalizeIntensity}): {@code y = (x − μ)/σ}, with μ the
 * mean and σ the <em>population</em> standard deviation (ddof = 0) of the sample, or of each
 * channel with {@code channelWise}. With {@code nonzero}, μ and σ come from the non-zero values
 * only and only those change (a sample without non-zero values is left as is). A given
 * {@code subtrahend} / {@code divisor} (one value, or one per channel with {@code channelWise})
 * replaces μ / σ in the formula; as in MONAI, σ is still the spread around the data's own mean
 * when only a subtrahend is given (values [1, 2, 3, 4] with subtrahend 0 become x / 1.118), and a
 * σ or divisor of 0 is replaced by 1.
 *
 * <p>Statistics are per sample of the batch, never across samples. Input {@code N×C×...}, any
 * dtype; the result is float32 (float64 input stays float64). Default key: {@code image}.
 */
public final class NormalizeIntensity extends KeyedTransform {

    private final double[] subtrahend;
    private final double[] divisor;
    private final boolean nonzero;
    private final boolean channelWise;

    private NormalizeIntensity(Builder b) {
        super(b);
        this.subtrahend = b.subtrahend;
        this.divisor = b.divisor;
        this.nonzero = b.nonzero;
        this.channelWise = b.channelWise;
    }

    /**
     * Returns a builder (all settings optional).
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
            replace(batch, key, this::normalize);
        }
    }

    private NDArray normalize(NDManager m, NDArray input) {
        Shape shape = input.getShape();
        NDArray x = asFloating(input);
        NDArray v = SampleGroups.group(x, channelWise);
        int axis = SampleGroups.axis(v);
        long count = v.getShape().get(axis);
        NDArray weight = nonzero ? v.neq(0).toType(v.getDataType(), false) : null;
        NDArray n = nonzero ? weight.sum(new int[] {axis}, true) : null;
        NDArray ownMean = null;
        if (subtrahend == null || divisor == null) {
            NDArray sum = (nonzero ? v.mul(weight) : v).sum(new int[] {axis}, true);
            ownMean = nonzero ? sum.div(n) : sum.div(count);
        }
        NDArray mean = subtrahend != null ? parameter(m, subtrahend, v) : ownMean;
        NDArray std;
        if (divisor != null) {
            std = parameter(m, divisor, v);
        } else {
            // The spread is always taken around the data's own mean, even when a subtrahend is
            // given: MONAI's _std(img) ignores the subtrahend, and parity means matching that.
            NDArray d = v.sub(ownMean);
            NDArray d2 = d.mul(d);
            if (nonzero) {
                d2 = d2.mul(weight);
            }
            NDArray var = d2.sum(new int[] {axis}, true);
            var = nonzero ? var.div(n) : var.div(count);
            std = var.sqrt();
        }
        // MONAI replaces a zero divisor, computed or given, by 1: constant samples become x − μ.
        std = NDArrays.where(std.eq(0), std.onesLike(), std);
        NDArray y = v.sub(mean).div(std);
        if (nonzero) {
            y = NDArrays.where(weight.toType(DataType.BOOLEAN, false), y, v);
        }
        return y.reshape(shape);
    }

    /** Shapes a given subtrahend or divisor to broadcast against the grouped array. */
    private NDArray parameter(NDManager m, double[] values, NDArray grouped) {
        NDArray p;
        if (values.length == 1) {
            p = m.create((float) values[0]);
        } else {
            long channels = grouped.getShape().get(1);
            if (!channelWise || values.length != channels) {
                throw new IllegalArgumentException(name() + ": " + values.length
                        + " per-channel values need channelWise and " + values.length
                        + " channels, got array of shape " + grouped.getShape());
            }
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            p = m.create(f, new Shape(1, values.length, 1));
        }
        return p.toType(grouped.getDataType(), false);
    }

    /** Builder of {@link NormalizeIntensity}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private double[] subtrahend;
        private double[] divisor;
        private boolean nonzero;
        private boolean channelWise;

        Builder() {
            super("image");
        }

        /**
         * Uses fixed values instead of the sample mean: one value, or one per channel (with
         * {@code channelWise}).
         *
         * @param subtrahend the value(s) subtracted
         * @return this builder
         */
        public Builder optSubtrahend(double... subtrahend) {
            this.subtrahend = subtrahend == null ? null : subtrahend.clone();
            return this;
        }

        /**
         * Uses fixed values instead of the sample standard deviation: one value, or one per
         * channel (with {@code channelWise}).
         *
         * @param divisor the value(s) divided by; a 0 divides by 1, as in MONAI
         * @return this builder
         */
        public Builder optDivisor(double... divisor) {
            this.divisor = divisor == null ? null : divisor.clone();
            return this;
        }

        /**
         * Computes statistics from, and changes, the non-zero values only (default false).
         *
         * @param nonzero whether to ignore zeros
         * @return this builder
         */
        public Builder optNonzero(boolean nonzero) {
            this.nonzero = nonzero;
            return this;
        }

        /**
         * Normalises each channel separately (default false).
         *
         * @param channelWise whether statistics are per channel
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
         * @throws IllegalArgumentException if a subtrahend or divisor is empty or not finite
         */
        public NormalizeIntensity build() {
            validateKeys();
            check("subtrahend", subtrahend);
            check("divisor", divisor);
            return new NormalizeIntensity(this);
        }

        private static void check(String setting, double[] values) {
            if (values == null) {
                return;
            }
            if (values.length == 0) {
                throw new IllegalArgumentException(setting + " must hold at least one value");
            }
            for (double v : values) {
                Checks.finite(setting, v);
            }
        }
    }
}
