package io.brainseg.metrics.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Input checks and small array helpers shared by the losses. */
final class LossSupport {

    private static final Logger LOG = LoggerFactory.getLogger(LossSupport.class);

    private LossSupport() {}

    /** Returns the single array of {@code list}, naming the argument on failure. */
    static NDArray single(NDList list, String what) {
        if (list == null || list.size() != 1) {
            throw new IllegalArgumentException(
                    what + " must hold exactly one array, got " + (list == null ? "null" : list.size()));
        }
        return list.get(0);
    }

    /**
     * Checks that input and target are {@code B×C×spatial...} arrays of one shape.
     *
     * @throws IllegalArgumentException naming both shapes
     */
    static void checkShapes(NDArray input, NDArray target) {
        Shape a = input.getShape();
        Shape b = target.getShape();
        if (a.dimension() < 3) {
            throw new IllegalArgumentException("loss input must be B×C×H×W (at least 3 axes), got shape " + a);
        }
        if (!a.equals(b)) {
            throw new IllegalArgumentException("loss input shape " + a + " differs from target shape " + b);
        }
    }

    /**
     * Casts to float32 so that half-precision inputs never enter the loss (mixed precision gave NaN
     * losses in the reference project); float64 stays float64, which the gradient tests use.
     */
    static NDArray toCompute(NDArray a) {
        DataType t = a.getDataType();
        return t == DataType.FLOAT32 || t == DataType.FLOAT64 ? a : a.toType(DataType.FLOAT32, false);
    }

    /**
     * Drops channel 0 when {@code includeBackground} is false and there is more than one channel;
     * on a single channel MONAI ignores the setting (with a warning), and so does this.
     */
    static NDArray dropBackground(NDArray a, boolean includeBackground, String loss) {
        if (includeBackground) {
            return a;
        }
        if (a.getShape().get(1) == 1) {
            LOG.debug("{}: includeBackground=false ignored on a single-channel input", loss);
            return a;
        }
        return a.get(":, 1:");
    }

    /** Reshapes {@code B×C×spatial...} to {@code B×C×S}. */
    static NDArray flatten3(NDArray a) {
        Shape s = a.getShape();
        return a.reshape(s.get(0), s.get(1), -1);
    }

    /**
     * Returns {@code log(sigmoid(x))} as {@code -softplus(-x)}, which stays finite (and has
     * finite gradients) for any finite {@code x}; {@code log(sigmoid(x))} underflows to
     * {@code -inf} below about -88 in float32.
     */
    static NDArray logSigmoid(NDArray x) {
        return Activation.softPlus(x.neg()).neg();
    }

    static void checkNonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
        }
    }
}
